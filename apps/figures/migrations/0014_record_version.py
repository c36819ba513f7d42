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

# Columns kept up to date by the database or the code, not entered by staff: a
# figure's disagreement is regrouped whenever another figure changes, and a
# generated column has no value yet in a BEFORE trigger. The names of the
# regrouping's and the rule's columns are listed too (a name with no column is
# ignored), so that they never refuse a form when they come.
TABLES = {
    "figures_metric": (),
    "figures_reportedfigure": (
        "updated_at",
        "disagreement_id",
        "public_disagreement_id",
        "publicly_disputed",
        "compared_from",
        "compared_to",
        "value_in_quote",
        "speaker_search",
        "partition_key",
        "value_low",
        "value_high",
    ),
}


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_version_moves'),
        ('figures', '0013_version_never_repeats'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalmetric',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='historicalreportedfigure',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='metric',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.AddField(
            model_name='reportedfigure',
            name='version',
            field=models.PositiveBigIntegerField(db_default=1, default=1, editable=False, help_text='Moved by the database at each change; forms check it when saving.', verbose_name='version'),
        ),
        migrations.RunSQL(
            "".join(moves_sql(table, *ignored) for table, ignored in TABLES.items()),
            "".join(unmoves_sql(table) for table in TABLES),
        ),
    ]
