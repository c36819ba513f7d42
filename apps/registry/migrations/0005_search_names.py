"""The words of each record's names and keys, stored for the search."""

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


class JoinedWords(models.Func):
    """Word vectors joined with ``||``, frozen as ``apps.core.search.words.JoinedWords``."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = django.contrib.postgres.search.SearchVectorField()

    def deconstruct(self):
        args, kwargs = self._constructor_args
        return "apps.core.search.words.JoinedWords", args, kwargs


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_word_search'),
        ('registry', '0004_area_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='incident',
            name='search_names',
            field=models.GeneratedField(db_persist=True, expression=JoinedWords(Words(models.F('name_ar')), Words(models.F('name_en'), language='en'), Words(models.F('name_fr'), language='fr'), Words(models.F('place'), models.F('slug'))), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddField(
            model_name='institution',
            name='search_names',
            field=models.GeneratedField(db_persist=True, expression=JoinedWords(Words(models.F('name_ar')), Words(models.F('name_en'), language='en'), Words(models.F('name_fr'), language='fr'), Words(models.F('acronym'), models.F('slug'))), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddField(
            model_name='law',
            name='search_names',
            field=models.GeneratedField(db_persist=True, expression=JoinedWords(Words(models.F('name_ar')), Words(models.F('name_en'), language='en'), Words(models.F('name_fr'), language='fr'), Words(models.F('number'), models.F('slug'))), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddField(
            model_name='programme',
            name='search_names',
            field=models.GeneratedField(db_persist=True, expression=JoinedWords(Words(models.F('name_ar')), Words(models.F('name_en'), language='en'), Words(models.F('name_fr'), language='fr'), Words(models.F('slug'))), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
    ]
