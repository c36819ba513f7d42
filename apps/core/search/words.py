"""A search for words: what was typed, as PostgreSQL text search queries.

The text side is a ``tsvector`` of every word's readings (``database.py``),
stored in a generated column with a GIN index, or computed on the fly for the
small tables (``Words``). A search is cut into terms (words and "quoted
phrases"); PostgreSQL turns each into a ``tsquery`` in one round trip
(``WordSearch.prepare``), which then goes into the page's query as a
constant, so that the planner sees how common its words are. A row matches a
term when a column's vector matches its query (the ``__words`` lookup), and
the search when it matches any term; ``relevance`` orders rows by how many
terms they match.

Callers say which columns to search; nothing here knows the domain's models.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchVectorField
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F, Func, Lookup, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast
from django.utils.text import smart_split, unescape_string_literal

# How many rows of another table a condition may name by id (see matching_ids).
IDS_LISTED = 1_000


@dataclass(frozen=True)
class Term:
    """A word or a "quoted phrase" of a search."""

    text: str
    phrase: bool = False


def search_terms(search: str) -> list[Term]:
    """Words of a search, keeping "quoted phrases" together."""
    terms = []
    for bit in smart_split(search):
        phrase = bit[:1] in {'"', "'"} and bit[-1:] == bit[:1] and len(bit) > 1
        if phrase:
            bit = unescape_string_literal(bit)
        if bit.strip():
            terms.append(Term(bit, phrase))
    return terms


PREPARE = """
SELECT ctdb_search_query(term, phrase, prefix)::text,
  NOT phrase AND (SELECT coalesce(bool_and(ctdb_is_stopword(word)), false)
                  FROM unnest(ctdb_search_words(term)) AS word)
FROM unnest(%s::text[], %s::boolean[], %s::boolean[]) WITH ORDINALITY AS t(term, phrase, prefix, n)
ORDER BY n
"""


@dataclass(frozen=True)
class WordSearch:
    """The text search queries of a search's terms, one per term that has words.

    Words that only join others (في، من، de, the) are left out when the search
    has other words; a search of nothing else keeps them.
    """

    queries: tuple[str, ...] = ()

    @classmethod
    def prepare(
        cls, search: str, *, using: str = DEFAULT_DB_ALIAS, prefix: bool = False
    ) -> WordSearch:
        """``prefix``: the last word may be the beginning of a longer one (typing)."""
        terms = search_terms(search or "")
        if not terms:
            return cls()
        last = len(terms) - 1
        with connections[using].cursor() as cursor:
            cursor.execute(
                PREPARE,
                [
                    [term.text for term in terms],
                    [term.phrase for term in terms],
                    [prefix and index == last for index in range(len(terms))],
                ],
            )
            found = [(query, stop) for query, stop in cursor.fetchall() if query]
        kept = tuple(query for query, stop in found if not stop)
        return cls(kept or tuple(query for query, _stop in found))

    def __bool__(self) -> bool:
        return bool(self.queries)

    def __len__(self) -> int:
        return len(self.queries)

    def matching(self, path: str) -> list[Q]:
        """One condition per term: the stored vector at ``path`` matches it."""
        return [Q(**{f"{path}__words": query}) for query in self.queries]


def any_of(conditions: list[Q]) -> Q:
    return reduce(or_, conditions)


def all_of(conditions: list[Q]) -> Q:
    return reduce(and_, conditions)


class Words(Func):
    """The searchable words of text expressions joined by spaces: the expression
    of a generated column, or computed on the fly. ``language`` ("en", "fr", or
    a column holding a language code), when the text's is known, picks the one
    stemmer its Latin words need; any other value uses both."""

    function = "ctdb_search_vector"
    output_field = SearchVectorField()

    def __init__(self, *expressions, language="", **extra):
        if isinstance(language, str):
            language = Value(language, output_field=TextField())
        super().__init__(*expressions, language, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        *texts, language = [compiler.compile(part) for part in self.get_source_expressions()]
        joined = " || ' ' || ".join(sql for sql, _params in texts)
        params = [param for _sql, part in [*texts, language] for param in part]
        return f"{self.function}({joined}, {language[0]})", params


class JoinedWords(Func):
    """Several word vectors as one (``tsvector || tsvector``)."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = SearchVectorField()


@SearchVectorField.register_lookup
class MatchesWords(Lookup):
    """``vector__words=query``: the vector matches a query made by WordSearch."""

    lookup_name = "words"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ {rhs}::tsquery", (*lhs_params, *rhs_params)


def field_matching(queryset: QuerySet, field: str, search: WordSearch) -> tuple[QuerySet, list[Q]]:
    """One condition per term on a plain text field, its words computed on the fly."""
    alias = f"_words_{field.replace('__', '_')}"
    queryset = queryset.alias(**{alias: Words(Cast(F(field), TextField()))})
    return queryset, search.matching(alias)


def vector_column(model, path: str) -> tuple[str, type, str] | None:
    """(relation, model, column) when ``path`` ends at a stored word vector, else None."""
    *relations, column = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    field = model._meta.get_field(column)
    if not isinstance(getattr(field, "output_field", field), SearchVectorField):
        return None
    return "__".join(relations), model, column


def fields_matching(queryset: QuerySet, fields, search: WordSearch) -> tuple[QuerySet, list[Q]]:
    """One condition per term: it matches in any of ``fields``.

    A stored word vector (a generated ``tsvector`` column, such as a quote's
    ``search_text``) is matched through its GIN index, also across a relation
    (``quote__search_text``: the related rows are found first); any other
    field has its words read on the fly, which suits small tables.
    """
    found: list[list[Q]] = [[] for _query in search.queries]
    for field in fields:
        stored = vector_column(queryset.model, field)
        if stored is None:
            queryset, matching = field_matching(queryset, field, search)
        elif stored[0]:
            relation, model, column = stored
            matching = [
                Q(**{f"{relation}__in": matching_ids(model, column, query)})
                for query in search.queries
            ]
        else:
            matching = search.matching(field)
        for conditions, condition in zip(found, matching, strict=True):
            conditions.append(condition)
    return queryset, [any_of(conditions) for conditions in found]


def matching_ids(model, column: str, query: str):
    """Ids of ``model``'s rows whose stored vector ``column`` matches a term's query.

    Up to ``IDS_LISTED`` of them are listed in the query itself: PostgreSQL
    then knows how many rows they select, and an OR with the model's own
    column keeps to its indexes. More than that (a common word among a
    million quotes) stay a subquery, which PostgreSQL answers with the GIN
    index and a semi-join.
    """
    matches = (
        model._default_manager.filter(**{f"{column}__words": query})
        .order_by()
        .values_list("pk", flat=True)
    )
    ids = list(matches[: IDS_LISTED + 1])
    return ids if len(ids) <= IDS_LISTED else matches


class SearchKey(Func):
    """A single word as the lexicon compares it: folded, without its article."""

    function = "ctdb_search_key"
    output_field = TextField()
