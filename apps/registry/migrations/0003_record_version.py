from django.db import migrations, models


# The triggers as apps.core.versions wrote them when this migration was made.
VERSION = "version"


def moves_sql(table: str, *ignored: str) -> str:
    """The trigger that moves ``table``'s version, and the one that copies it into
    its history table (``historical`` + the model's table name, without its app)."""
    arguments = ", ".join(f"'{column}'" for column in (VERSION, *ignored))
    history = history_table(table)
    return f"""
CREATE TRIGGER {table}_version_moves BEFORE UPDATE ON {table}
  FOR EACH ROW EXECUTE FUNCTION ctdb_version_moves({arguments});

CREATE FUNCTION {history}_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  current bigint;
BEGIN
  SELECT version INTO current FROM {table} WHERE id = NEW.id;
  IF FOUND THEN
    NEW.version := current;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER {history}_version BEFORE INSERT ON {history}
  FOR EACH ROW EXECUTE FUNCTION {history}_version();
"""


def unmoves_sql(table: str) -> str:
    history = history_table(table)
    return f"""
DROP TRIGGER {table}_version_moves ON {table};
DROP TRIGGER {history}_version ON {history};
DROP FUNCTION {history}_version();
"""


def history_table(table: str) -> str:
    app, name = table.split("_", 1)
    return f"{app}_historical{name}"

# Every table staff edit in the admin: nothing in them is computed.
TABLES = {
    "registry_institution": (),
    "registry_programme": (),
    "registry_programmeinstitution": (),
    "registry_cohort": (),
    "registry_law": (),
    "registry_incident": (),
}


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_version_moves'),
        ('registry', '0002_areas'),
    ]

    operations = [
        migrations.AddField(
            model_name='cohort',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicalcohort',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicalincident',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicalinstitution',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicallaw',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicalprogramme',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicalprogrammeinstitution',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='incident',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='institution',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='law',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='programme',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='programmeinstitution',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.RunSQL(
            "".join(moves_sql(table, *ignored) for table, ignored in TABLES.items()),
            "".join(unmoves_sql(table) for table in TABLES),
        ),
    ]
