"""The search form of a text, made by PostgreSQL.

``ctdb_normalize(text)`` (created by the core migration) is the one definition
of the search form of a text: hamza on waw or ya written as a bare hamza
(so مسؤول and مسئول, شؤون and شئون meet), compatibility decomposition, then
every combining mark dropped (Latin accents, Arabic harakat, and the hamza and
madda that decomposition splits off alef), tatweel dropped, alef wasla, alef
maqsura and ta marbuta folded, Arabic-Indic digits made Western,
lower case, single spaces. The words of a text and of a search both go
through it (``database.py``), so "مسؤول" finds "مسئول" and "٢١٤" finds "214".
``Normalize`` is the expression of the columns earlier migrations made.

``apps.core.arabic.normalize`` is the Python form used to read numbers; it
differs only in writing hamza on waw or ya as the bare letter (و, ي).
"""

from django.db.models import Func, TextField

FOLD_FROM = "ٱىة٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬"
FOLD_TO = "ايه01234567890123456789.,"
# Combining marks, tatweel, and the invisible characters pasted text carries
# (zero-width joiners, bidi controls, soft hyphen, byte-order mark).
MARKS = (
    r"[\u0300-\u036f\u064B-\u065F\u0670\u0640\u06D6-\u06ED"
    r"\u00AD\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]"
)

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION ctdb_normalize(input text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT btrim(regexp_replace(lower(translate(
    regexp_replace(normalize(translate(input, 'ؤئ', 'ءء'), NFKD), '{MARKS}', '', 'g'),
    '{FOLD_FROM}', '{FOLD_TO}')), '\\s+', ' ', 'g'))
$$;
"""
DROP_FUNCTION = "DROP FUNCTION IF EXISTS ctdb_normalize(text);"


class Normalize(Func):
    """``ctdb_normalize`` over one or more text expressions joined by spaces."""

    function = "ctdb_normalize"
    template = "%(function)s(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()

    def __init__(self, *expressions, **extra):
        super().__init__(*expressions, **extra)
