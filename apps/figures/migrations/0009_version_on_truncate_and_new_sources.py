"""Two more changes readers see move the publication version.

- A new source: the list of sources shows every source, even one without a
  published figure yet.
- Emptying a table with TRUNCATE (the benchmark's generator does), which fires
  no row or statement trigger of 0005 and 0008.
"""

from django.db import migrations

TRUNCATED = (
    "figures_reportedfigure",
    "figures_metric",
    "figures_disagreement",
    "registry_institution",
    "registry_programme",
    "registry_programmeinstitution",
    "registry_cohort",
    "registry_law",
    "registry_incident",
    "sources_source",
    "sources_quote",
)

CREATE = (
    """
CREATE FUNCTION ctdb_public_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE figures_publication_version SET version = version + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER sources_source_public_insert AFTER INSERT ON sources_source
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION ctdb_public_rows_touched();
"""
    + "".join(
        f"CREATE TRIGGER {table}_public_truncate AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION ctdb_public_truncated();\n"
        for table in TRUNCATED
    )
)
DROP = (
    "".join(f"DROP TRIGGER {table}_public_truncate ON {table};\n" for table in TRUNCATED)
    + "DROP TRIGGER sources_source_public_insert ON sources_source;\n"
    + "DROP FUNCTION ctdb_public_truncated();\n"
)


class Migration(migrations.Migration):
    dependencies = [("figures", "0008_public_version")]

    operations = [migrations.RunSQL(CREATE, DROP)]
