"""An account put in the Editor or Reviewer group can log in to the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.admin_forms import admin_form_data

PASSWORD = "a-long-pass-phrase-1"


@pytest.fixture
def newcomer(db):
    return get_user_model().objects.create_user("newcomer", password=PASSWORD)


def can_log_in(username: str) -> bool:
    client = Client()
    page = client.post(
        reverse("admin:login"),
        {"username": username, "password": PASSWORD, "next": reverse("admin:index")},
    )
    return page.status_code == 302 and client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("group", ["Editor", "Reviewer"])
def test_a_user_put_in_a_staff_group_in_the_admin_can_log_in(admin_client, newcomer, group):
    url = reverse("admin:auth_user_change", args=[newcomer.pk])
    page = admin_client.get(url)
    data = admin_form_data(page, groups=[str(Group.objects.get(name=group).pk)])
    assert admin_client.post(url, data).status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert can_log_in("newcomer")


def test_a_user_added_to_a_group_from_the_group_side_is_staff_too(newcomer):
    Group.objects.get(name="Editor").user_set.add(newcomer)
    newcomer.refresh_from_db()
    assert newcomer.is_staff


def test_a_group_that_grants_nothing_makes_nobody_staff(newcomer):
    newcomer.groups.add(Group.objects.create(name="Newsletter"))
    newcomer.refresh_from_db()
    assert not newcomer.is_staff and not can_log_in("newcomer")
