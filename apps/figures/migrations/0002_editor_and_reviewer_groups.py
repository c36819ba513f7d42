"""The two staff roles, as groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = {
    "sources": ["source", "quote"],
    "registry": ["institution", "programme", "programmeinstitution", "cohort", "law", "incident"],
    "figures": ["metric", "reportedfigure"],
}
EDITOR_ACTIONS = ["add", "change", "view"]
REVIEWER_EXTRA = [("figures", "publish_reportedfigure"), ("figures", "view_disagreement")]


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    editor_permissions = [
        permission(app_label, f"{action}_{model}")
        for app_label, models in EDITOR_MODELS.items()
        for model in models
        for action in EDITOR_ACTIONS
    ]
    editor_permissions.append(permission("figures", "view_disagreement"))
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(editor_permissions)
    reviewer, _ = Group.objects.get_or_create(name="Reviewer")
    reviewer.permissions.set(
        editor_permissions + [permission(app, codename) for app, codename in REVIEWER_EXTRA]
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Reviewer"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0001_initial"),
        ("sources", "0001_initial"),
        ("registry", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
