from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# The search form of a text as this migration created it (apps/core/search.py
# explains it). Frozen here: a later change to the function is a new migration.
CREATE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION ctdb_normalize(input text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(lower(translate(
    regexp_replace(normalize(translate(input, 'ؤئ', 'ءء'), NFKD), '[\u0300-\u036f\u064B-\u065F\u0670\u0640\u06D6-\u06ED\u00AD\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]', '', 'g'),
    'ٱىة٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬', 'ايه01234567890123456789.,')), '\s+', ' ', 'g'))
$$;
"""
DROP_FUNCTION = "DROP FUNCTION IF EXISTS ctdb_normalize(text);"


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        TrigramExtension(),
        migrations.RunSQL(CREATE_FUNCTION, DROP_FUNCTION),
    ]
