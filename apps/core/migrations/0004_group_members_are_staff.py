"""Accounts already in a group that grants permissions become staff (apps.core.staff)."""

from django.db import migrations


def make_staff(apps, schema_editor):
    User = apps.get_model("auth", "User")
    members = User.objects.filter(groups__permissions__isnull=False, is_staff=False)
    User.objects.filter(pk__in=members.values("pk")).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_version_moves"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(make_staff, migrations.RunPython.noop)]
