"""The database cache: sessions stay in their own table; this one holds rate-limit
counters and spreadsheets waiting for an import's confirmation."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_search_functions")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
