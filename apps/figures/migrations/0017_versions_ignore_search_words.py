"""The words the search keeps (generated columns, 0016 and registry 0005) are not
an edit: the version triggers of the tables that gained them leave them out."""

from django.db import migrations

TABLES = [
    "figures_metric",
    "registry_institution",
    "registry_programme",
    "registry_law",
    "registry_incident",
]


def recreate(ignored: tuple[str, ...]) -> str:
    arguments = ", ".join(f"'{column}'" for column in ("version", *ignored))
    return "".join(
        f"DROP TRIGGER {table}_version_moves ON {table};\n"
        f"CREATE TRIGGER {table}_version_moves BEFORE UPDATE ON {table}\n"
        f"  FOR EACH ROW EXECUTE FUNCTION ctdb_version_moves({arguments});\n"
        for table in TABLES
    )


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0016_search_words"),
        ("registry", "0005_search_names"),
    ]

    operations = [migrations.RunSQL(recreate(("search_names",)), recreate(()))]
