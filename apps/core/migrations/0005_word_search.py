"""Search by words: the SQL functions that read a text's words and a search's
(apps.core.search.database), and the lexicon of plural forms the search reads,
filled with the broken plurals of the field."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# The SQL as this migration created it (apps/core/search/database.py explains
# it). Frozen here: a later change to the functions is a new migration.
WORD_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION ctdb_search_words(input text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT coalesce(regexp_split_to_array(nullif(btrim(regexp_replace(regexp_replace(
    regexp_replace(
      replace(replace(ctdb_normalize(input), 'œ', 'oe'), 'æ', 'ae'),
      '([0-9])[.,](?=[0-9]{3}(?![0-9]))', '\1', 'g'),
    '([0-9])(?=[\u0621-\u06FF])|([\u0621-\u06FF])(?=[0-9])', '\1\2 ', 'g'),
    '[^0-9a-z\u00DF-\u024F\u0621-\u063A\u0641-\u064A\u066E-\u06D3\u06FA-\u06FF]+', ' ', 'g')), ''), ' '), '{}')
$$;

CREATE OR REPLACE FUNCTION ctdb_word_endings(word text, in_text boolean) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  result text[] := ARRAY[word];
  base text := word;
  found text[];
  pass int;
BEGIN
  FOR pass IN 1..2 LOOP
    IF pass = 2 THEN
      -- A pronoun ending, and the ta marbuta it turns into ت (خليتها).
      EXIT WHEN NOT in_text OR strpos('همنا', right(word, 1)) = 0;
      found := regexp_match(word, '^(...+?)(هما|كما|هم|هن|كم|كن|ها|نا|ه)$');
      EXIT WHEN found IS NULL;
      base := found[1];
      result := result || base;
      IF base ~ '[^ا]ت$' THEN
        result := result || (left(base, -1) || 'ه');
      END IF;
    END IF;
    IF strpos('تنا', right(base, 1)) > 0 AND length(base) >= 4 THEN
      -- Plural, dual and accusative endings.
      found := regexp_match(base, CASE WHEN in_text
        THEN '^(...+)(ات|ون|ين|ان|ا)$' ELSE '^(...+)(ات|ون|ين)$' END);
      IF found IS NOT NULL AND base <> ALL ('{عشرين,عشرون,ثلاثين,ثلاثون,اربعين,اربعون,خمسين,خمسون,ستين,ستون,سبعين,سبعون,ثمانين,ثمانون,تسعين,تسعون}') THEN
        result := result || found[1];
        IF found[2] = 'ات' THEN
          result := result || (found[1] || 'ه');
        ELSIF in_text AND found[2] <> 'ا' AND found[1] ~ '[^ا]ت$' THEN
          result := result || (left(found[1], -1) || 'ه');
        END IF;
      END IF;
    ELSIF right(base, 2) = 'يه' AND length(base) >= 5 THEN
      -- A nisba feminine and its masculine (إرهابية, إرهابي).
      result := result || left(base, -1);
    END IF;
  END LOOP;
  RETURN result;
END $$;

CREATE OR REPLACE FUNCTION ctdb_word_readings(word text, language text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  result text[];
  found text[];
  plain text;
BEGIN
  IF ascii(word) < 1569 THEN
    IF word ~ '^[0-9]+$' THEN
      RETURN ARRAY[word];
    END IF;
    plain := regexp_replace(word, '(..)ees?$', '\1e');
    result := ARRAY[plain];
    IF language <> 'fr' THEN
      result := result
        || ARRAY(SELECT 'e_' || stem FROM unnest(ts_lexize('english_stem', plain)) AS stem);
    END IF;
    IF language <> 'en' THEN
      result := result
        || ARRAY(SELECT 'f_' || stem FROM unnest(ts_lexize('french_stem', plain)) AS stem);
    END IF;
    IF plain ~ '...[^s]s$' THEN
      result := result || left(plain, -1);
    END IF;
    RETURN result;
  END IF;
  IF strpos('وفبكلا', left(word, 1)) = 0 THEN
    RETURN ctdb_word_endings(word, true);
  END IF;
  found := regexp_match(word, '^(?:[وف]?[بك]?ال|[وف]?لل)(..+)$');
  result := ctdb_word_endings(coalesce(found[1], word), true);
  found := regexp_match(word, '^[وف]((?![بكل]?ال|لل)...+)$');
  IF found IS NOT NULL THEN
    result := result || ctdb_word_endings(found[1], true);
  END IF;
  found := regexp_match(word, '^[وف]?[بكل]((?!ال)...+)$');
  IF found IS NOT NULL THEN
    result := result || ctdb_word_endings(found[1], true);
  END IF;
  RETURN result;
END $$;

CREATE OR REPLACE FUNCTION ctdb_search_vector(input text, language text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
  words text[] := ctdb_search_words(input);
  parts text[] := '{}';
  n int;
BEGIN
  FOR n IN 1..least(cardinality(words), 16383) LOOP
    CONTINUE WHEN length(words[n]) > 100;
    parts := parts || (
      array_to_string(ctdb_word_readings(words[n], language), ':' || n || ' ') || ':' || n);
  END LOOP;
  RETURN array_to_string(parts, ' ')::tsvector;
END $$;

CREATE OR REPLACE FUNCTION ctdb_query_readings(word text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT CASE WHEN ascii(word) < 1569 THEN ctdb_word_readings(word, '')
    ELSE ctdb_word_endings(coalesce((regexp_match(word, '^(?:[وف]?[بك]?ال|[وف]?لل)(..+)$'))[1], word), false) END
$$;

CREATE OR REPLACE FUNCTION ctdb_search_key(word text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT coalesce((regexp_match(folded, '^(?:[وف]?[بك]?ال|[وف]?لل)(..+)$'))[1], folded)
  FROM ctdb_normalize(word) AS folded
$$;

CREATE OR REPLACE FUNCTION ctdb_is_stopword(word text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN ascii(word) < 1569
    THEN ts_lexize('english_stem', word) = '{}' OR ts_lexize('french_stem', word) = '{}'
      OR word = ANY ('{les}')
    ELSE word = ANY ('{في,من,الي,علي,عن,مع,ان,او,ام,ثم,قد,لا,لم,لن,ما,هل,بل,كل,بعض,غير,بين,حتي,منذ,عند,لدي,الذي,التي,الذين,اللذين,اللتين,اللواتي,اللاتي,هذا,هذه,هذين,هاتين,ذلك,تلك,هءلاء,اولءك,هو,هي,هم,هن,هما,انا,نحن,انت,كان,كانت,يكون,تكون,ليس,اي,اذا,اذ,لكن,لان,كما,حيث,ايضا,قبل,بعد,خلال,حول,دون,ضد,عبر,الا,اما,يا,و,ف,ب,ل,ك}')
      OR (strpos('وف', left(word, 1)) > 0 AND substr(word, 2) = ANY ('{في,من,الي,علي,عن,مع,ان,او,ام,ثم,قد,لا,لم,لن,ما,هل,بل,كل,بعض,غير,بين,حتي,منذ,عند,لدي,الذي,التي,الذين,اللذين,اللتين,اللواتي,اللاتي,هذا,هذه,هذين,هاتين,ذلك,تلك,هءلاء,اولءك,هو,هي,هم,هن,هما,انا,نحن,انت,كان,كانت,يكون,تكون,ليس,اي,اذا,اذ,لكن,لان,كما,حيث,ايضا,قبل,بعد,خلال,حول,دون,ضد,عبر,الا,اما,يا,و,ف,ب,ل,ك}'))
  END
$$;
"""
DROP_WORD_FUNCTIONS = """
DROP FUNCTION IF EXISTS ctdb_is_stopword(text);
DROP FUNCTION IF EXISTS ctdb_search_key(text);
DROP FUNCTION IF EXISTS ctdb_query_readings(text);
DROP FUNCTION IF EXISTS ctdb_search_vector(text, text);
DROP FUNCTION IF EXISTS ctdb_word_readings(text, text);
DROP FUNCTION IF EXISTS ctdb_word_endings(text, boolean);
DROP FUNCTION IF EXISTS ctdb_search_words(text);
"""
QUERY = r"""
CREATE OR REPLACE FUNCTION ctdb_search_query(term text, phrase boolean, prefix boolean)
RETURNS tsquery
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
  words text[] := ctdb_search_words(term);
  parts text[] := '{}';
  readings text[];
  first int := 1;
  last int := cardinality(words);
  n int;
BEGIN
  IF NOT phrase THEN
    WHILE first < last AND ctdb_is_stopword(words[first]) LOOP first := first + 1; END LOOP;
    WHILE last > first AND ctdb_is_stopword(words[last]) LOOP last := last - 1; END LOOP;
  END IF;
  FOR n IN first..last LOOP
    readings := ctdb_query_readings(words[n]);
    SELECT array_agg(DISTINCT quote_literal(reading)) INTO readings FROM (
      SELECT unnest(readings) AS reading
      UNION ALL
      SELECT unnest(ctdb_query_readings(CASE WHEN form.singular_key = ANY (readings)
        THEN form.plural_key ELSE form.singular_key END))
      FROM core_pluralform AS form
      WHERE form.singular_key = ANY (readings) OR form.plural_key = ANY (readings)
    ) AS found;
    IF prefix AND n = last THEN
      readings := readings || (quote_literal(
        coalesce((regexp_match(words[n], '^(?:[وف]?[بك]?ال|[وف]?لل)(..+)$'))[1], words[n])) || ':*');
    END IF;
    parts := parts || ('(' || array_to_string(readings, ' | ') || ')');
  END LOOP;
  IF cardinality(parts) = 0 THEN
    RETURN NULL;
  END IF;
  RETURN array_to_string(parts, ' <-> ')::tsquery;
END $$;
"""
DROP_QUERY = "DROP FUNCTION IF EXISTS ctdb_search_query(text, boolean, boolean);"


class SearchKey(models.Func):
    """``ctdb_search_key`` of one word, frozen as ``apps.core.search.words.SearchKey``
    wrote it when this migration was made; it deconstructs under that name so that
    the state this migration leaves matches the models without importing them."""

    function = "ctdb_search_key"
    output_field = models.TextField()

    def deconstruct(self):
        args, kwargs = self._constructor_args
        return "apps.core.search.words.SearchKey", args, kwargs

# (singular, plural): broken plurals the endings do not give, and the pairs the
# search was first tried on.
PLURAL_FORMS = [
    ("خلية", "خلايا"),
    ("سجين", "سجناء"),
    ("سجين", "مساجين"),
    ("هجوم", "هجمات"),
    ("مؤامرة", "مؤامرات"),
    ("عملية", "عمليات"),
    ("جريح", "جرحى"),
    ("قتيل", "قتلى"),
    ("أسير", "أسرى"),
    ("شخص", "أشخاص"),
    ("عنصر", "عناصر"),
    ("سلاح", "أسلحة"),
    ("قنبلة", "قنابل"),
    ("صاروخ", "صواريخ"),
    ("حزام", "أحزمة"),
    ("رهينة", "رهائن"),
    ("ضحية", "ضحايا"),
    ("قضية", "قضايا"),
    ("تهمة", "تهم"),
    ("جريمة", "جرائم"),
    ("دليل", "أدلة"),
    ("سجن", "سجون"),
    ("حكم", "أحكام"),
    ("قانون", "قوانين"),
    ("مشروع", "مشاريع"),
    ("هدف", "أهداف"),
    ("موقع", "مواقع"),
    ("حادث", "حوادث"),
    ("حدث", "أحداث"),
    ("جهاز", "أجهزة"),
    ("عضو", "أعضاء"),
    ("زعيم", "زعماء"),
    ("قائد", "قادة"),
    ("أمير", "أمراء"),
    ("إمام", "أئمة"),
    ("عالم", "علماء"),
    ("خبير", "خبراء"),
    ("وزير", "وزراء"),
    ("جندي", "جنود"),
    ("كتيبة", "كتائب"),
    ("حزب", "أحزاب"),
    ("فكر", "أفكار"),
    ("مجلس", "مجالس"),
    ("برنامج", "برامج"),
    ("مدرسة", "مدارس"),
    ("مسجد", "مساجد"),
    ("أجنبي", "أجانب"),
    ("مغربي", "مغاربة"),
    ("عربي", "عرب"),
    ("طفل", "أطفال"),
    ("امرأة", "نساء"),
    ("رجل", "رجال"),
    ("شاب", "شباب"),
    ("أسرة", "أسر"),
    ("دولة", "دول"),
    ("بلد", "بلدان"),
    ("مدينة", "مدن"),
    ("منطقة", "مناطق"),
    ("إقليم", "أقاليم"),
    ("حي", "أحياء"),
    ("عام", "أعوام"),
    ("سنة", "سنوات"),
    ("شهر", "أشهر"),
    ("يوم", "أيام"),
    ("رقم", "أرقام"),
    ("عدد", "أعداد"),
    ("نسبة", "نسب"),
    ("مئة", "مئات"),
    ("مائة", "مئات"),
    ("ألف", "آلاف"),
    ("مليون", "ملايين"),
    ("person", "people"),
    ("child", "children"),
    ("man", "men"),
    ("woman", "women"),
]


def add_plural_forms(apps, schema_editor):
    PluralForm = apps.get_model("core", "PluralForm")
    PluralForm.objects.using(schema_editor.connection.alias).bulk_create(
        PluralForm(singular=singular, plural=plural) for singular, plural in PLURAL_FORMS
    )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_group_members_are_staff'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(WORD_FUNCTIONS, DROP_WORD_FUNCTIONS),
        migrations.CreateModel(
            name='HistoricalPluralForm',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('singular', models.CharField(help_text='One word, as usually written: خلية. Hamza forms, diacritics and the article make no difference.', max_length=60, verbose_name='singular')),
                ('plural', models.CharField(help_text='Its plural, one word: خلايا.', max_length=60, verbose_name='plural')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical plural form',
                'verbose_name_plural': 'historical plural forms',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PluralForm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('singular', models.CharField(help_text='One word, as usually written: خلية. Hamza forms, diacritics and the article make no difference.', max_length=60, verbose_name='singular')),
                ('plural', models.CharField(help_text='Its plural, one word: خلايا.', max_length=60, verbose_name='plural')),
                ('singular_key', models.GeneratedField(db_persist=True, expression=SearchKey(models.F('singular')), output_field=models.TextField())),
                ('plural_key', models.GeneratedField(db_persist=True, expression=SearchKey(models.F('plural')), output_field=models.TextField())),
            ],
            options={
                'verbose_name': 'plural form',
                'verbose_name_plural': 'plural forms',
                'ordering': ['singular', 'plural'],
                'constraints': [models.CheckConstraint(condition=models.Q(('singular__regex', '^\\S+$'), ('plural__regex', '^\\S+$')), name='core_pluralform_single_words', violation_error_message='Write one word in each box.'), models.UniqueConstraint(fields=('singular_key', 'plural_key'), name='core_pluralform_unique_pair', violation_error_message='This singular and plural are already listed.')],
            },
        ),
        migrations.RunSQL(QUERY, DROP_QUERY),
        migrations.RunPython(add_plural_forms, migrations.RunPython.noop),
    ]
