"""A counter that moves whenever the set of published figures changes.

The public listing keeps its facet counts under this version. Drafts and
figures in review change all day without touching what readers see, so the
counter follows only statements that write a published row (as it was before
or as it is after). Statement-level triggers with transition tables: a bulk
publication of 100,000 figures moves it once, not 100,000 times.
"""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION figures_publication_touched() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF EXISTS (SELECT 1 FROM old_rows WHERE status = 'published') THEN
      UPDATE figures_publication_version SET version = version + 1;
      RETURN NULL;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'published') THEN
      UPDATE figures_publication_version SET version = version + 1;
    END IF;
  END IF;
  RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER figures_published_inserted AFTER INSERT ON figures_reportedfigure
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_publication_touched();
CREATE TRIGGER figures_published_updated AFTER UPDATE ON figures_reportedfigure
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_publication_touched();
CREATE TRIGGER figures_published_deleted AFTER DELETE ON figures_reportedfigure
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION figures_publication_touched();
"""

CREATE = (
    """
CREATE TABLE figures_publication_version (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO figures_publication_version VALUES (1, 0);
"""
    + FUNCTION
    + TRIGGERS
)

DROP = """
DROP TRIGGER figures_published_inserted ON figures_reportedfigure;
DROP TRIGGER figures_published_updated ON figures_reportedfigure;
DROP TRIGGER figures_published_deleted ON figures_reportedfigure;
DROP FUNCTION figures_publication_touched();
DROP TABLE figures_publication_version;
"""


class Migration(migrations.Migration):
    dependencies = [("figures", "0004_listing_indexes")]

    operations = [migrations.RunSQL(CREATE, DROP)]
