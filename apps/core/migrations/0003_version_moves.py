"""The trigger function that moves a record's version (apps.core.versions)."""

from django.db import migrations

# The function as apps.core.versions wrote it when this migration was made.
FUNCTION = """
CREATE FUNCTION ctdb_version_moves() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - TG_ARGV) IS DISTINCT FROM (to_jsonb(OLD) - TG_ARGV) THEN
    NEW.version := OLD.version + 1;
  ELSE
    NEW.version := OLD.version;
  END IF;
  RETURN NEW;
END $$;
"""
DROP_FUNCTION = "DROP FUNCTION ctdb_version_moves();"


class Migration(migrations.Migration):
    dependencies = [("core", "0002_cache_table")]

    operations = [migrations.RunSQL(FUNCTION, DROP_FUNCTION)]
