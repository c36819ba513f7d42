"""Search by words: a metric's names stored as words, a figure's speaker as
words with a GIN index (instead of the normalised text and its trigram index),
and the search's lexicon of plural forms among the changes that move the
publication version (public pages kept in memory show search results)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.conf import settings
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

LEXICON_MOVES_VERSION = """
CREATE TRIGGER core_pluralform_public_insert AFTER INSERT ON core_pluralform
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ctdb_public_rows_touched();
CREATE TRIGGER core_pluralform_public_update AFTER UPDATE ON core_pluralform
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ctdb_public_rows_touched();
CREATE TRIGGER core_pluralform_public_delete AFTER DELETE ON core_pluralform
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ctdb_public_rows_touched();
CREATE TRIGGER core_pluralform_public_truncate AFTER TRUNCATE ON core_pluralform
  FOR EACH STATEMENT EXECUTE FUNCTION ctdb_public_truncated();
"""
LEXICON_LEFT_ALONE = """
DROP TRIGGER core_pluralform_public_insert ON core_pluralform;
DROP TRIGGER core_pluralform_public_update ON core_pluralform;
DROP TRIGGER core_pluralform_public_delete ON core_pluralform;
DROP TRIGGER core_pluralform_public_truncate ON core_pluralform;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_word_search'),
        ('figures', '0015_metric_descriptions_in_three_languages'),
        ('registry', '0005_search_names'),
        ('sources', '0005_search_words'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='reportedfigure',
            name='figures_speaker_trgm',
        ),
        migrations.AddField(
            model_name='metric',
            name='search_names',
            field=models.GeneratedField(db_persist=True, expression=JoinedWords(Words(models.F('name_ar')), Words(models.F('name_en'), language='en'), Words(models.F('name_fr'), language='fr'), Words(models.F('slug'))), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.RemoveField(
            model_name='reportedfigure',
            name='speaker_search',
        ),
        migrations.AddField(
            model_name='reportedfigure',
            name='speaker_search',
            field=models.GeneratedField(db_persist=True, expression=Words(models.F('attributed_to_speaker')), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='reportedfigure',
            index=django.contrib.postgres.indexes.GinIndex(fields=['speaker_search'], name='figures_speaker_words'),
        ),
        migrations.RunSQL(LEXICON_MOVES_VERSION, LEXICON_LEFT_ALONE),
    ]
