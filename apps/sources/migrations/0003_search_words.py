"""Quotes and sources searched by words: their search_text becomes the
tsvector of their words (a source's also holds its address and file name,
read in its language), with a GIN index instead of the trigram one. A
generated column cannot be altered, so it is dropped and added again."""

import apps.core.search.words
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_word_search'),
        ('registry', '0003_search_names'),
        ('sources', '0002_quote_lost_index'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='quote',
            name='quote_search_trgm',
        ),
        migrations.RemoveIndex(
            model_name='source',
            name='source_search_trgm',
        ),
        migrations.RemoveField(
            model_name='quote',
            name='search_text',
        ),
        migrations.AddField(
            model_name='quote',
            name='search_text',
            field=models.GeneratedField(db_persist=True, expression=apps.core.search.words.Words(models.F('text')), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.RemoveField(
            model_name='source',
            name='search_text',
        ),
        migrations.AddField(
            model_name='source',
            name='search_text',
            field=models.GeneratedField(db_persist=True, expression=apps.core.search.words.Words(models.F('title'), models.F('publisher'), models.F('url'), models.F('seed_file'), language=models.F('language')), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='quote',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_text'], name='quote_search_words'),
        ),
        migrations.AddIndex(
            model_name='source',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_text'], name='source_search_words'),
        ),
    ]
