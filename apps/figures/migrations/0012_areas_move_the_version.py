"""A change of an area's names moves the publication version, as other names do (0008, 0009)."""

from django.db import migrations

EVENTS = {"INSERT": "NEW TABLE AS new_rows", "UPDATE": "OLD TABLE AS old_rows", "DELETE": "OLD TABLE AS old_rows"}

CREATE = "".join(
    f"CREATE TRIGGER registry_area_public_{event.lower()} AFTER {event} ON registry_area "
    f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION ctdb_public_rows_touched();\n"
    for event, referencing in EVENTS.items()
) + (
    "CREATE TRIGGER registry_area_public_truncate AFTER TRUNCATE ON registry_area "
    "FOR EACH STATEMENT EXECUTE FUNCTION ctdb_public_truncated();\n"
)
DROP = "".join(
    f"DROP TRIGGER registry_area_public_{event.lower()} ON registry_area;\n"
    for event in [*EVENTS, "TRUNCATE"]
)


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0011_disagreements_by_kind"),
        ("registry", "0002_areas"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
