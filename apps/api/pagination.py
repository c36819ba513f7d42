"""Pages of the API's lists, by keyset cursor (apps.core.pagination).

Every list is walked with the opaque cursors of its links: ``next`` carries
``after=…``, ``previous`` carries ``before=…``, and each page costs one index
range scan however deep it is. There is no page number and no total, because
both cost a scan of everything before the page.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import QueryDict

from apps.core.pagination import (
    InvalidCursor,
    KeysetPage,
    Ordering,
    decode_cursor,
    parse_int,
)
from apps.figures.filters import MAX_VALUE

BY_ID = Ordering("id", False, parse_int)
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_ID = 2**63 - 1


def in_range(value) -> bool:
    """Whether a cursor's sort value can be compared with a column without overflow."""
    if isinstance(value, Decimal):
        return value.is_finite() and abs(value) <= MAX_VALUE
    if isinstance(value, int):
        return 0 <= value <= MAX_ID
    return isinstance(value, dt.date)


def check_cursor(cursor: str, ordering: Ordering) -> None:
    """Raise InvalidCursor unless ``cursor`` was made for this ordering and is in range."""
    value, pk = decode_cursor(cursor, ordering)
    if not (in_range(value) and 0 <= pk <= MAX_ID):
        raise InvalidCursor(cursor)


def link(request, **changes) -> str:
    """This request's URL with some query parameters replaced (None removes one)."""
    params: QueryDict = request.query_params.copy()
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    query = params.urlencode()
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


def page_body(request, page: KeysetPage, results: list) -> dict:
    """The envelope of every list: the links to the next and previous pages, and the rows."""
    return {
        "next": link(request, after=page.next_cursor, before=None) if page.next_cursor else None,
        "previous": (
            link(request, before=page.previous_cursor, after=None) if page.previous_cursor else None
        ),
        "results": results,
    }
