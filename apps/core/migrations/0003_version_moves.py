"""The trigger function that moves a record's version (apps.core.versions)."""

from django.db import migrations

from apps.core.versions import DROP_FUNCTION, FUNCTION


class Migration(migrations.Migration):
    dependencies = [("core", "0002_cache_table")]

    operations = [migrations.RunSQL(FUNCTION, DROP_FUNCTION)]
