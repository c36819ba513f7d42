"""The words of a text and of a search, as PostgreSQL functions.

Created by the core migrations and used in generated ``tsvector`` columns, so
a database needs nothing but SQL objects: no dictionary or synonym file in
PostgreSQL's share directory, which a hosted server may not let anyone write.
Changing what ``ctdb_search_vector`` returns needs a migration that rewrites
the stored columns (an ``UPDATE`` recomputes them).

A text is cut into words (``ctdb_search_words``): its ``ctdb_normalize`` form
(hamza, alef, ya, ta marbuta, diacritics, tatweel, accents, Arabic-Indic
digits folded), with thousands written ``1,600`` or ``4.304`` joined into one
number, digits cut from Arabic letters (و2021, لـ2009), and anything that is
neither a letter nor a digit taken as a space.

Each word of a text is stored with every reading of it (``ctdb_word_readings``),
all at the word's position, so that phrases still match words in order:

- Arabic: the word as written; without the article and the letters fused before
  it (ال، وال، فال، بال، كال، لل، وبال…); without a leading conjunction (و، ف)
  or preposition (ب، ل، ك) when three letters or more remain; and each of
  those without a pronoun ending (ـه، ـها، ـهم، ـهما، ـهن، ـكم، ـنا…, with ت
  read back as ة: خليتها → خلية) and without a plural, dual or accusative
  ending (ـات, read as nothing or as ة: عمليات → عملية; ـون، ـين، ـان, with
  خليتين → خلية; the alef of قتيلا), and a nisba feminine read as its
  masculine (إرهابية → إرهابي).
- Latin script: the word, its English and French Snowball stems (PostgreSQL's
  ``english_stem`` and ``french_stem``, marked e_ and f_ so that an English
  stem never meets a French one; only the stem of the text's language when
  it is known, as for a name in English or French), and the word without a
  plural s; French feminine endings ée/ées are read as é first, since
  accents are gone by then (démantelées → demantele).
- Digits: the number.

A word searched for is read more strictly (``ctdb_query_readings``): only its
article is taken off, never a leading letter that may be part of it, and
neither a pronoun nor the ta marbuta, so خلية finds خليتها and بالخلية but
never تخليهم, and شرطة never finds شرط. Its broken plurals come from the
lexicon that staff keep (``PluralForm``), looked up when the search is made
(``ctdb_search_query``), so an entry added today works at once, without
rewriting any stored column. A query word matches a text word when one of
its readings is one of the text word's.

PostgreSQL's own ``arabic`` configuration is not used: its Snowball stemmer
reads the same word differently with and without the article (هجمات → هجما,
الهجمات → هجم), takes a leading ب for a preposition (بلاغ → لاغ) and turns
عملية into عمل.
"""

# The article, alone or after a conjunction and a preposition; لل is ل + ال.
ARTICLE = "^(?:[وف]?[بك]?ال|[وف]?لل)(..+)$"

# Function words a search skips when other words are given (in their folded
# form: hamza, alef maqsura and ta marbuta as ctdb_normalize writes them).
# French and English ones are PostgreSQL's own stop word lists, which lack
# LATIN_STOPWORDS.
LATIN_STOPWORDS = ["les"]
ARABIC_STOPWORDS = (  # noqa: SIM905
    "في من الي علي عن مع ان او ام ثم قد لا لم لن ما هل بل كل بعض غير بين حتي منذ عند لدي "
    "الذي التي الذين اللذين اللتين اللواتي اللاتي هذا هذه هذين هاتين ذلك تلك هءلاء اولءك "
    "هو هي هم هن هما انا نحن انت كان كانت يكون تكون ليس اي اذا اذ لكن لان كما حيث ايضا "
    "قبل بعد خلال حول دون ضد عبر الا اما يا و ف ب ل ك"
).split()
# Tens end like a plural but are words of their own: اربعين is not اربع.
TENS = (  # noqa: SIM905
    "عشرين عشرون ثلاثين ثلاثون اربعين اربعون خمسين خمسون ستين ستون سبعين سبعون ثمانين ثمانون "
    "تسعين تسعون"
).split()

# Letters and digits of a word, once folded; the rest separates words.
WORD_CHARACTERS = r"0-9a-z\u00DF-\u024F\u0621-\u063A\u0641-\u064A\u066E-\u06D3\u06FA-\u06FF"
ARABIC_LETTERS = r"\u0621-\u06FF"
# ascii() of the first Arabic letter (ء): below it, digits and Latin letters.
FIRST_ARABIC = 0x0621
# Words longer than this are not indexed (PostgreSQL refuses lexemes over 2 kB).
LONGEST_WORD = 100


def sql_array(words: list[str]) -> str:
    return "'{" + ",".join(words) + "}'"


WORDS = f"""
CREATE OR REPLACE FUNCTION ctdb_search_words(input text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT coalesce(regexp_split_to_array(nullif(btrim(regexp_replace(regexp_replace(
    regexp_replace(
      replace(replace(ctdb_normalize(input), 'œ', 'oe'), 'æ', 'ae'),
      '([0-9])[.,](?=[0-9]{{3}}(?![0-9]))', '\\1', 'g'),
    '([0-9])(?=[{ARABIC_LETTERS}])|([{ARABIC_LETTERS}])(?=[0-9])', '\\1\\2 ', 'g'),
    '[^{WORD_CHARACTERS}]+', ' ', 'g')), ''), ' '), '{{}}')
$$;
"""

# Endings of an Arabic word without its prefixes; in_text: every reading a
# word of a text may have, else the stricter reading of a word searched for.
ENDINGS = f"""
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
      IF found IS NOT NULL AND base <> ALL ({sql_array(TENS)}) THEN
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
"""

READINGS = f"""
CREATE OR REPLACE FUNCTION ctdb_word_readings(word text, language text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  result text[];
  found text[];
  plain text;
BEGIN
  IF ascii(word) < {FIRST_ARABIC} THEN
    IF word ~ '^[0-9]+$' THEN
      RETURN ARRAY[word];
    END IF;
    plain := regexp_replace(word, '(..)ees?$', '\\1e');
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
  found := regexp_match(word, '{ARTICLE}');
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
"""

VECTOR = f"""
CREATE OR REPLACE FUNCTION ctdb_search_vector(input text, language text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
DECLARE
  words text[] := ctdb_search_words(input);
  parts text[] := '{{}}';
  n int;
BEGIN
  FOR n IN 1..least(cardinality(words), 16383) LOOP
    CONTINUE WHEN length(words[n]) > {LONGEST_WORD};
    parts := parts || (
      array_to_string(ctdb_word_readings(words[n], language), ':' || n || ' ') || ':' || n);
  END LOOP;
  RETURN array_to_string(parts, ' ')::tsvector;
END $$;
"""

QUERY_READINGS = f"""
CREATE OR REPLACE FUNCTION ctdb_query_readings(word text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT CASE WHEN ascii(word) < {FIRST_ARABIC} THEN ctdb_word_readings(word, '')
    ELSE ctdb_word_endings(coalesce((regexp_match(word, '{ARTICLE}'))[1], word), false) END
$$;
"""

KEY = f"""
CREATE OR REPLACE FUNCTION ctdb_search_key(word text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT coalesce((regexp_match(folded, '{ARTICLE}'))[1], folded)
  FROM ctdb_normalize(word) AS folded
$$;
"""

STOPWORD = f"""
CREATE OR REPLACE FUNCTION ctdb_is_stopword(word text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN ascii(word) < {FIRST_ARABIC}
    THEN ts_lexize('english_stem', word) = '{{}}' OR ts_lexize('french_stem', word) = '{{}}'
      OR word = ANY ({sql_array(LATIN_STOPWORDS)})
    ELSE word = ANY ({sql_array(ARABIC_STOPWORDS)})
      OR (strpos('وف', left(word, 1)) > 0 AND substr(word, 2) = ANY ({sql_array(ARABIC_STOPWORDS)}))
  END
$$;
"""

WORD_FUNCTIONS = WORDS + ENDINGS + READINGS + VECTOR + QUERY_READINGS + KEY + STOPWORD
DROP_WORD_FUNCTIONS = """
DROP FUNCTION IF EXISTS ctdb_is_stopword(text);
DROP FUNCTION IF EXISTS ctdb_search_key(text);
DROP FUNCTION IF EXISTS ctdb_query_readings(text);
DROP FUNCTION IF EXISTS ctdb_search_vector(text, text);
DROP FUNCTION IF EXISTS ctdb_word_readings(text, text);
DROP FUNCTION IF EXISTS ctdb_word_endings(text, boolean);
DROP FUNCTION IF EXISTS ctdb_search_words(text);
"""

# A search term (a word, or a "quoted phrase") as a tsquery: each word as any
# of its readings and of its lexicon forms', the words of a phrase in order.
# Around a single word, stop words are dropped (l'État, Morocco's). prefix:
# the last word may also be the beginning of a longer one (autocomplete).
# STABLE, not IMMUTABLE: it reads the lexicon.
QUERY = (
    """
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
        coalesce((regexp_match(words[n], '"""
    + ARTICLE
    + """'))[1], words[n])) || ':*');
    END IF;
    parts := parts || ('(' || array_to_string(readings, ' | ') || ')');
  END LOOP;
  IF cardinality(parts) = 0 THEN
    RETURN NULL;
  END IF;
  RETURN array_to_string(parts, ' <-> ')::tsquery;
END $$;
"""
)
DROP_QUERY = "DROP FUNCTION IF EXISTS ctdb_search_query(text, boolean, boolean);"
