from django.db import migrations, models

# An area's version moves as every other record's does (apps.core.versions); its
# key is its code, so its history takes the version by code.
MOVES = """
CREATE TRIGGER registry_area_version_moves BEFORE UPDATE ON registry_area
  FOR EACH ROW EXECUTE FUNCTION ctdb_version_moves('version');

CREATE FUNCTION registry_historicalarea_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  current bigint;
BEGIN
  SELECT version INTO current FROM registry_area WHERE code = NEW.code;
  IF FOUND THEN
    NEW.version := current;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER registry_historicalarea_version BEFORE INSERT ON registry_historicalarea
  FOR EACH ROW EXECUTE FUNCTION registry_historicalarea_version();
"""
UNMOVES = """
DROP TRIGGER registry_area_version_moves ON registry_area;
DROP TRIGGER registry_historicalarea_version ON registry_historicalarea;
DROP FUNCTION registry_historicalarea_version();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0003_record_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='area',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicalarea',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.RunSQL(MOVES, UNMOVES),
    ]
