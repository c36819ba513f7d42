"""Whom the admin lets in: a member of a group that grants permissions is staff.

Django lets into the admin only accounts with "Staff status" ticked, and its
user form does not say so: an account put in the Editor or Reviewer group
could not log in, and nothing told why. Joining a group that grants any
permission (Editor, Reviewer, or one made later) now makes the account staff,
whichever way it joins (the user's form, the group, a script). Leaving the
group does not take staff status away: it may have been given for another
reason, and the group's permissions are gone anyway.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


def groups_make_staff(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """``m2m_changed`` of a user's groups: members of a group with permissions are staff."""
    if action != "post_add" or not pk_set:
        return
    users = get_user_model().objects
    if reverse:  # users added to a group
        if instance.permissions.exists():
            users.filter(pk__in=pk_set, is_staff=False).update(is_staff=True)
    elif Group.objects.filter(pk__in=pk_set, permissions__isnull=False).exists():
        users.filter(pk=instance.pk, is_staff=False).update(is_staff=True)
        instance.is_staff = True
