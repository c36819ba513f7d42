"""The public site: read-only pages over published figures. Views parse the
request, call a selector and render; the exports share the listing's filters."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.gzip import gzip_page
from django.views.decorators.vary import vary_on_cookie
from django_ratelimit.core import is_ratelimited

from apps.core.pagination import InvalidCursor, keyset_page
from apps.figures import exports, facets, selectors
from apps.figures.models import Disagreement, Metric
from apps.registry.models import Incident, Institution, Law, Programme

from . import charts, directories, presenters
from .caching import do_not_keep, kept_in_memory
from .forms import PAGE_SIZES, ListingForm

PUBLIC_MAX_AGE = 300


def public_page(view):
    """Pages anyone may cache for a few minutes; the language cookie varies them.

    ConditionalGetMiddleware adds the ETag and answers If-None-Match with 304;
    the server keeps each page until what readers see changes (caching.py).
    They are sent compressed: they hold no secret (no CSRF token, nothing about
    the reader), so compression cannot leak one.
    """
    kept = vary_on_cookie(kept_in_memory(view))
    return gzip_page(cache_control(public=True, max_age=PUBLIC_MAX_AGE)(kept))


ENTITY_FIGURE_LIMIT = 100
XLSX_MAX_ROWS = 1_048_575
CHART_LIMIT = 2000  # the latest published values; a chart of more would be a blur
EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", exports.stream_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.stream_xlsx,
    ),
}


def bad_request(request, message: str, errors=None):
    context = {"message": message, "errors": errors or {}}
    return render(request, "public/bad_request.html", context, status=400)


def rate_limited(request, exception=None):
    """The page shown when a client asks for too many exports in a row."""
    context = {"message": _("Too many downloads from your address; try again in an hour.")}
    return render(request, "public/bad_request.html", context, status=429)


def refused_export(request, fmt: str):
    """The answer to an export that cannot be given (an unknown format, too many in a
    row), or None."""
    if fmt not in {"json", *EXPORT_TYPES}:
        return bad_request(request, _("Unknown export format: use csv, xlsx or json."))
    if is_ratelimited(
        request, group="exports", key="ip", rate=settings.EXPORT_RATE, increment=True
    ):
        return rate_limited(request)
    return None


def export_response(request, filterset, fmt: str):
    refused = refused_export(request, fmt)
    if refused is not None:
        return refused
    # The file is read while it streams, after the request's routing has ended:
    # it is held now to the database the page reads (the replica, when there is one).
    queryset = filterset.qs.using(filterset.qs.db)
    limit = settings.EXPORT_MAX_ROWS
    if fmt == "json":
        extra = {"filters": {k: v for k, v in request.GET.items() if k != "format"}}
        since = filterset.form.cleaned_data.get("updated_since")
        if since:
            extra["withdrawn_since"] = request.GET["updated_since"]
            extra["withdrawn"] = selectors.withdrawn_since(since)
        stream = exports.stream_json(queryset, extra=extra, limit=limit)
        content_type = "application/json; charset=utf-8"
    else:
        content_type, writer = EXPORT_TYPES[fmt]
        if fmt == "xlsx":
            limit = min(limit, XLSX_MAX_ROWS)  # a sheet holds 1,048,576 rows, header included
        stream = writer(queryset, limit)
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(fmt)}"'
    return response


def sort_choices(*, searching: bool) -> dict:
    """The sorts a reader may pick; best match only once there is something to match."""
    if searching:
        return selectors.SORT_LABELS
    return {
        key: label for key, label in selectors.SORT_LABELS.items() if key != selectors.RELEVANCE
    }


@public_page
def figure_list(request):
    filterset = selectors.figure_filter(request.GET)
    if not filterset.is_valid():
        return bad_request(request, _("Some filters are not valid."), filterset.errors)
    if request.GET.get("format"):
        return export_response(request, filterset, request.GET["format"])
    paging = ListingForm(request.GET)
    if not paging.is_valid():
        return bad_request(request, _("Unknown sort order or page size."), paging.errors)
    chosen_sort = paging.cleaned_data["sort"]
    queryset, size = filterset.qs, paging.page_size()
    sort = chosen_sort or selectors.default_sort(request.GET)
    try:
        page = keyset_page(
            selectors.lean(queryset),
            selectors.ordering(sort, filterset),
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            size=size,
        )
    except InvalidCursor:
        return bad_request(request, _("This page link is not valid any more; start again."))
    facet_list, total = facets.listing_facets(queryset)
    context = {
        "filter": filterset,
        "page": page,
        "figures": presenters.rows(selectors.with_registry(page.rows)),
        "facets": facet_list,
        "total": total,
        "sort": sort,
        "chosen_sort": chosen_sort,
        "sorts": sort_choices(searching=bool(filterset.search_conditions)),
        "page_sizes": PAGE_SIZES,
        "per_page": size,
    }
    response = render(request, "public/figure_list.html", context)
    # Counts still being made: the next reader should get them, not this page.
    return do_not_keep(response) if total is None else response


@public_page
def figure_detail(request, pk: int):
    figures = selectors.lean(selectors.published_figures()).select_related("public_disagreement")
    figure = get_object_or_404(figures, pk=pk)
    selectors.with_registry([figure])
    context = {
        "figure": figure,
        "row": presenters.row(figure),
        "paragraph": presenters.mark_value(
            presenters.quote_in_paragraph(figure.quote), figure.value
        ),
        "others": presenters.rows(selectors.comparable_figures(figure)),
        "citation": presenters.citation(figure, request.build_absolute_uri()),
    }
    return render(request, "public/figure_detail.html", context)


@public_page
def disagreement_list(request):
    filterset, groups = selectors.public_disagreements(request.GET)
    if not filterset.is_valid():
        return bad_request(request, _("Some filters are not valid."), filterset.errors)
    return render(
        request, "public/disagreement_list.html", {"filter": filterset, "groups": groups[:200]}
    )


@public_page
def disagreement_detail(request, pk: int):
    disagreement = get_object_or_404(
        Disagreement.objects.filter(public=True).select_related("metric"), pk=pk
    )
    members = selectors.disagreement_members(disagreement)
    context = {
        "disagreement": disagreement,
        "members": [
            {
                "row": presenters.row(figure),
                "paragraph": presenters.mark_value(
                    presenters.quote_in_paragraph(figure.quote), figure.value
                ),
            }
            for figure in members
        ],
        "timeline": presenters.timeline(members),
    }
    return render(request, "public/disagreement_detail.html", context)


def entity_page(request, entity, parameter: str, value: str, queryset, template: str, **extra):
    figures = selectors.with_registry(
        list(selectors.lean(queryset).order_by("-id")[: ENTITY_FIGURE_LIMIT + 1])
    )
    context = {
        "entity": entity,
        "figures": presenters.rows(figures[:ENTITY_FIGURE_LIMIT]),
        "more": len(figures) > ENTITY_FIGURE_LIMIT,
        "listing_query": f"{parameter}={value}",
        **extra,
    }
    return render(request, template, context)


@public_page
def source_detail(request, pk: int):
    source = get_object_or_404(selectors.public_sources(), pk=pk)
    figures = selectors.published_figures().filter(quote__source=source)
    passages = presenters.quoted_paragraphs(source.text, selectors.published_quotes(source))
    return entity_page(
        request,
        source,
        "source",
        str(pk),
        figures,
        "public/source_detail.html",
        passages=passages,
    )


@public_page
def institution_detail(request, slug: str):
    institution = get_object_or_404(Institution.objects.select_related("parent"), slug=slug)
    figures = selectors.figure_filter({"institution": slug}).qs
    return entity_page(
        request,
        institution,
        "institution",
        slug,
        figures,
        "public/entity_detail.html",
        children=institution.children.all(),
    )


@public_page
def programme_detail(request, slug: str):
    programme = get_object_or_404(Programme, slug=slug)
    figures = selectors.published_figures().filter(programme=programme)
    return entity_page(
        request,
        programme,
        "programme",
        slug,
        figures,
        "public/programme_detail.html",
        cohorts=programme.cohorts.all(),
        roles=programme.roles.select_related("institution"),
    )


@public_page
def law_detail(request, slug: str):
    law = get_object_or_404(Law, slug=slug)
    figures = selectors.published_figures().filter(law=law)
    return entity_page(request, law, "law", slug, figures, "public/entity_detail.html")


@public_page
def incident_detail(request, slug: str):
    incident = get_object_or_404(Incident, slug=slug)
    figures = selectors.published_figures().filter(incident=incident)
    return entity_page(request, incident, "incident", slug, figures, "public/entity_detail.html")


@public_page
def metric_detail(request, slug: str):
    metric = get_object_or_404(Metric, slug=slug)
    charted = selectors.chart_figures(metric, CHART_LIMIT)
    chart = presenters.metric_chart(charted)
    published = selectors.lean(selectors.published_figures()).filter(metric=metric)
    listed = selectors.with_registry(list(published.order_by("-id")[:ENTITY_FIGURE_LIMIT]))
    context = {
        "entity": metric,
        "figures": presenters.rows(listed),
        "more": len(charted) > ENTITY_FIGURE_LIMIT,
        "chart": chart,
        "drawing": charts.draw(chart["series"], rtl=get_language_bidi()),
        "chart_is_sample": len(charted) == CHART_LIMIT,
        "listing_query": f"metric={slug}",
    }
    return render(request, "public/metric_detail.html", context)


def directory(request, title: str, entries, kind: str):
    fmt = request.GET.get("format")
    if fmt:
        return refused_export(request, fmt) or directories.download(kind, entries, fmt)
    return render(
        request, "public/directory.html", {"title": title, "entries": entries, "kind": kind}
    )


@public_page
def metric_list(request):
    return directory(request, _("Metrics"), selectors.with_published_counts(Metric), "metric")


@public_page
def source_list(request):
    return directory(request, _("Sources"), selectors.sources_with_counts(), "source")


@public_page
def institution_list(request):
    entries = selectors.with_published_counts(Institution).select_related("parent")
    return directory(request, _("Institutions"), entries, "institution")


@public_page
def programme_list(request):
    entries = selectors.with_published_counts(Programme)
    return directory(request, _("Programmes"), entries, "programme")


@public_page
def law_list(request):
    return directory(request, _("Laws"), selectors.with_published_counts(Law), "law")


@public_page
def incident_list(request):
    entries = selectors.with_published_counts(Incident)
    return directory(request, _("Incidents"), entries, "incident")


def not_found(request, exception: Http404 | None = None):
    return render(request, "public/not_found.html", status=404)
