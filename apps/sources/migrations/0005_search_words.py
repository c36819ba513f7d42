"""Quotes and sources searched by words: their search_text becomes the
tsvector of their words (a source's also holds its address and file name,
read in its language), with a GIN index instead of the trigram one. A
generated column cannot be altered, so it is dropped and added again."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Words(models.Func):
    """``ctdb_search_vector`` of text expressions joined by spaces, in a language,
    frozen as ``apps.core.search.words.Words`` wrote it when this migration was
    made; it deconstructs under that name so that the state this migration leaves
    matches the models without importing them."""

    function = "ctdb_search_vector"
    output_field = django.contrib.postgres.search.SearchVectorField()

    def __init__(self, *expressions, language="", **extra):
        if isinstance(language, str):
            language = models.Value(language, output_field=models.TextField())
        super().__init__(*expressions, language, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        *texts, language = [compiler.compile(part) for part in self.get_source_expressions()]
        joined = " || ' ' || ".join(sql for sql, _params in texts)
        params = [param for _sql, part in [*texts, language] for param in part]
        return f"{self.function}({joined}, {language[0]})", params

    def deconstruct(self):
        args, kwargs = self._constructor_args
        return "apps.core.search.words.Words", args, kwargs


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_word_search'),
        ('registry', '0005_search_names'),
        ('sources', '0004_record_version'),
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
            field=models.GeneratedField(db_persist=True, expression=Words(models.F('text')), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.RemoveField(
            model_name='source',
            name='search_text',
        ),
        migrations.AddField(
            model_name='source',
            name='search_text',
            field=models.GeneratedField(db_persist=True, expression=Words(models.F('title'), models.F('publisher'), models.F('url'), models.F('seed_file'), language=models.F('language')), output_field=django.contrib.postgres.search.SearchVectorField()),
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
