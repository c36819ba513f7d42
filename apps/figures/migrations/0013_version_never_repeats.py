"""The publication version never repeats.

Kept pages, facet counts and the registry in memory are keyed by the version.
A counter alone can go backwards (a restored backup, a row written by hand, a
restore with triggers disabled) and then reach numbers it had already reached
with other data, bringing back pages kept for that other data. Each move now
also draws a random stamp: a number reached again comes with a stamp never
seen before, so nothing kept under the old one is read again.
"""

from django.db import migrations

STAMPED = """
ALTER TABLE figures_publication_version ADD COLUMN stamp uuid NOT NULL DEFAULT gen_random_uuid();

CREATE OR REPLACE FUNCTION ctdb_version_move() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE figures_publication_version SET version = version + 1, stamp = gen_random_uuid();
  DELETE FROM figures_version_pending WHERE txid = NEW.txid;
  RETURN NULL;
END $$;
"""

UNSTAMPED = """
CREATE OR REPLACE FUNCTION ctdb_version_move() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE figures_publication_version SET version = version + 1;
  DELETE FROM figures_version_pending WHERE txid = NEW.txid;
  RETURN NULL;
END $$;

ALTER TABLE figures_publication_version DROP COLUMN stamp;
"""


class Migration(migrations.Migration):
    dependencies = [("figures", "0012_areas_move_the_version")]

    operations = [migrations.RunSQL(STAMPED, UNSTAMPED)]
