"""Search by words in Arabic, French and English, done by PostgreSQL.

One implementation for the public listing, its exports, the API and every
admin list: ``database.py`` says what a word is and how it is read (the SQL
functions the migrations create), ``words.py`` turns what was typed into
text search queries and conditions on the columns callers name.
"""

from .folding import CREATE_FUNCTION, DROP_FUNCTION, Normalize
from .words import (
    JoinedWords,
    SearchKey,
    Words,
    WordSearch,
    all_of,
    any_of,
    fields_matching,
    search_terms,
)

__all__ = [
    "CREATE_FUNCTION",
    "DROP_FUNCTION",
    "JoinedWords",
    "Normalize",
    "SearchKey",
    "WordSearch",
    "Words",
    "all_of",
    "any_of",
    "fields_matching",
    "search_terms",
]
