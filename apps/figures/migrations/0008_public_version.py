"""The publication version also moves when anything else readers see changes.

Public pages are kept in memory under this version (apps/public/caching.py), so
it must move for every change a reader could notice: a published figure (0005),
and a name, a source's title or text, a quote's words, a disagreement's ranking.
New sources and quotes are left out: no published figure rests on them yet.
Statement-level triggers that look at the rows the statement really changed,
so that the many statements that change nothing do not move it.
"""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION ctdb_public_rows_touched() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM new_rows) THEN
      UPDATE figures_publication_version SET version = version + 1;
    END IF;
  ELSE
    IF EXISTS (SELECT 1 FROM old_rows) THEN
      UPDATE figures_publication_version SET version = version + 1;
    END IF;
  END IF;
  RETURN NULL;
END $$;
"""

# table: the statements that can change a public page
TABLES = {
    "figures_metric": ("INSERT", "UPDATE", "DELETE"),
    "figures_disagreement": ("INSERT", "UPDATE", "DELETE"),
    "registry_institution": ("INSERT", "UPDATE", "DELETE"),
    "registry_programme": ("INSERT", "UPDATE", "DELETE"),
    "registry_programmeinstitution": ("INSERT", "UPDATE", "DELETE"),
    "registry_cohort": ("INSERT", "UPDATE", "DELETE"),
    "registry_law": ("INSERT", "UPDATE", "DELETE"),
    "registry_incident": ("INSERT", "UPDATE", "DELETE"),
    "sources_source": ("UPDATE", "DELETE"),
    "sources_quote": ("UPDATE", "DELETE"),
}
REFERENCING = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def trigger_name(table: str, event: str) -> str:
    return f"{table}_public_{event.lower()}"


CREATE = FUNCTION + "".join(
    f"CREATE TRIGGER {trigger_name(table, event)} AFTER {event} ON {table} "
    f"REFERENCING {REFERENCING[event]} "
    "FOR EACH STATEMENT EXECUTE FUNCTION ctdb_public_rows_touched();\n"
    for table, events in TABLES.items()
    for event in events
)
DROP = (
    "".join(
        f"DROP TRIGGER {trigger_name(table, event)} ON {table};\n"
        for table, events in TABLES.items()
        for event in events
    )
    + "DROP FUNCTION ctdb_public_rows_touched();\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0007_speaker_search"),
        ("registry", "0001_initial"),
        ("sources", "0002_quote_lost_index"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
