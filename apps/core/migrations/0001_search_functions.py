from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from apps.core.search import CREATE_FUNCTION, DROP_FUNCTION


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        TrigramExtension(),
        migrations.RunSQL(CREATE_FUNCTION, DROP_FUNCTION),
    ]
