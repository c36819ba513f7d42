"""Public pages kept in each server's memory until something readers see changes.

A page is the same for every reader of a language: it shows published figures,
names and sources, never anything about the person asking. It is kept under its
address, its language and the publication version, a counter PostgreSQL moves
whenever a published figure, a name, a source or a quote changes (migrations
0005 and 0008 of the figures app), with the random stamp of its last move
(0011); a change simply makes the next request build the page afresh. Exports
stream and are never kept; neither is a listing whose counts are still being made.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import router
from django.http import HttpResponse
from django.utils.translation import get_language

from apps.figures.facets import data_version
from apps.figures.models import ReportedFigure

PAGES = "pages"


def do_not_keep(response: HttpResponse) -> HttpResponse:
    response.keep_in_memory = False
    return response


def kept_in_memory(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            not settings.PUBLIC_PAGE_CACHE
            or request.method not in {"GET", "HEAD"}
            or "format" in request.GET
        ):
            return view(request, *args, **kwargs)
        alias = router.db_for_read(ReportedFigure)
        place = (
            *data_version(alias),
            request.scheme,
            request.get_host(),  # a figure's citation carries the page's address
            request.get_full_path(),
            get_language(),
        )
        key = hashlib.sha256(repr(place).encode()).hexdigest()
        kept = caches[PAGES].get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and getattr(response, "keep_in_memory", True)
        ):
            caches[PAGES].set(key, (response.content, response["Content-Type"]))
        return response

    return wrapper
