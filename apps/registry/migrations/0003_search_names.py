"""The words of each record's names and keys, stored for the search."""

import apps.core.search.words
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_word_search'),
        ('registry', '0002_areas'),
    ]

    operations = [
        migrations.AddField(
            model_name='incident',
            name='search_names',
            field=models.GeneratedField(db_persist=True, expression=apps.core.search.words.JoinedWords(apps.core.search.words.Words(models.F('name_ar')), apps.core.search.words.Words(models.F('name_en'), language='en'), apps.core.search.words.Words(models.F('name_fr'), language='fr'), apps.core.search.words.Words(models.F('place'), models.F('slug'))), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddField(
            model_name='institution',
            name='search_names',
            field=models.GeneratedField(db_persist=True, expression=apps.core.search.words.JoinedWords(apps.core.search.words.Words(models.F('name_ar')), apps.core.search.words.Words(models.F('name_en'), language='en'), apps.core.search.words.Words(models.F('name_fr'), language='fr'), apps.core.search.words.Words(models.F('acronym'), models.F('slug'))), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddField(
            model_name='law',
            name='search_names',
            field=models.GeneratedField(db_persist=True, expression=apps.core.search.words.JoinedWords(apps.core.search.words.Words(models.F('name_ar')), apps.core.search.words.Words(models.F('name_en'), language='en'), apps.core.search.words.Words(models.F('name_fr'), language='fr'), apps.core.search.words.Words(models.F('number'), models.F('slug'))), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddField(
            model_name='programme',
            name='search_names',
            field=models.GeneratedField(db_persist=True, expression=apps.core.search.words.JoinedWords(apps.core.search.words.Words(models.F('name_ar')), apps.core.search.words.Words(models.F('name_en'), language='en'), apps.core.search.words.Words(models.F('name_fr'), language='fr'), apps.core.search.words.Words(models.F('slug'))), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
    ]
