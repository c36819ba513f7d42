"""The API's endpoints. Each view parses its parameters, calls a selector and
serializes; apps.api.base gives them JSON, ETags, the rate limit and the
refusal of unknown parameters."""

from __future__ import annotations

from typing import NamedTuple

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.vary import vary_on_cookie
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.renderers import StaticHTMLRenderer
from rest_framework.response import Response

from apps.core.pagination import keyset_page
from apps.figures import selectors as figure_selectors
from apps.figures.filters import FigureFilter

from . import docs, forms, schema, selectors, serializers
from .base import ApiView
from .pagination import page_body

FIGURE_FILTERS = frozenset(FigureFilter.base_filters)
PAGE = frozenset(forms.PageForm.base_fields)


def filtered_figures(params, page_form=forms.FigurePageForm):
    """The published figures under the public filters, and the page parameters; or a 400
    naming every malformed parameter at once."""
    filterset = figure_selectors.figure_filter(params)
    errors = {} if filterset.is_valid() else filterset.errors
    paging = forms.parse(page_form, params, extra_errors=errors, filterset=filterset)
    return filterset.qs, paging


def page_request(paging: forms.PageForm) -> dict:
    data = paging.cleaned_data
    return {
        "after": data["after"] or None,
        "before": data["before"] or None,
        "size": paging.page_size(),
    }


@schema.documented(
    "figures_list",
    _("Published figures"),
    serializers.page_of(serializers.FigureRowSerializer, "FigurePage"),
    description=_("The public listing's filters and sort; rows have the export's columns."),
    parameters=[
        *schema.figure_filter_parameters(),
        schema.SORT_PARAMETER,
        *schema.PAGE_PARAMETERS,
    ],
)
class FigureList(ApiView):
    parameters = FIGURE_FILTERS | PAGE | {"sort"}

    def get(self, request):
        figures, paging = filtered_figures(request.query_params)
        page, rows = selectors.figure_page(figures, paging.ordering(), **page_request(paging))
        data = serializers.FigureRowSerializer(rows, many=True).data
        return Response(page_body(request, page, data))


@schema.documented(
    "figures_retrieve",
    _("A published figure"),
    serializers.FigureDetailSerializer,
    description=_(
        "Its export row, the quote with its offsets and paragraph, the source's metadata, "
        "and the other values published for the same metric, subject and period."
    ),
    parameters=[schema.path_parameter("id", schema.ID_SCHEMA, _("The figure's id."))],
    not_found=True,
)
class FigureDetail(ApiView):
    def get(self, request, id: int):
        figure = selectors.published_figure(id)
        detail = selectors.figure_detail(figure)
        return Response(serializers.FigureDetailSerializer(detail).data)


@schema.documented(
    "figures_withdrawn",
    _("Figures withdrawn from publication"),
    serializers.WithdrawnSerializer,
    description=_(
        "Ids of figures that were published and have left publication "
        "(back to review, rejected or deleted) since `updated_since`."
    ),
    parameters=schema.WITHDRAWN_PARAMETERS,
)
class WithdrawnFigures(ApiView):
    parameters = frozenset({"updated_since"})

    def get(self, request):
        since = forms.parse(forms.WithdrawnForm, request.query_params).cleaned_data["updated_since"]
        body = {"updated_since": since, "withdrawn": figure_selectors.withdrawn_since(since)}
        return Response(serializers.WithdrawnSerializer(body).data)


@schema.documented(
    "disagreements_list",
    _("Disagreements"),
    serializers.page_of(serializers.DisagreementSerializer, "DisagreementPage"),
    description=_(
        "Groups of published figures for the same metric, subject and overlapping period "
        "whose values cannot all be true, with every published member. The figure filters "
        "select the groups with at least one matching member. A page may hold fewer groups "
        "than `per_page`."
    ),
    parameters=[*schema.figure_filter_parameters(), *schema.PAGE_PARAMETERS],
    tag="disagreements",
)
class DisagreementList(ApiView):
    parameters = FIGURE_FILTERS | PAGE

    def get(self, request):
        figures, paging = filtered_figures(request.query_params, forms.PageForm)
        page = keyset_page(
            selectors.disagreements(figures), paging.ordering(), **page_request(paging)
        )
        groups = selectors.with_members(page.rows)
        data = serializers.DisagreementSerializer(groups, many=True).data
        return Response(page_body(request, page, data))


@schema.documented(
    "disagreements_retrieve",
    _("A disagreement"),
    serializers.DisagreementSerializer,
    description=_("The group, with every published member, by value."),
    parameters=[schema.path_parameter("id", schema.ID_SCHEMA, _("The disagreement's id."))],
    not_found=True,
    tag="disagreements",
)
class DisagreementDetail(ApiView):
    def get(self, request, id: int):
        return Response(serializers.DisagreementSerializer(selectors.disagreement(id)).data)


class EntityList(ApiView):
    """A kind of record with its published-figure counts, searchable, with a change feed."""

    kind: selectors.EntityKind
    serializer_class: type
    parameters = frozenset(forms.EntityListForm.base_fields)

    def get(self, request):
        form = forms.parse(forms.EntityListForm, request.query_params)
        records = selectors.entities(
            self.kind, q=form.cleaned_data["q"], updated_since=form.cleaned_data["updated_since"]
        )
        page = keyset_page(records, form.ordering(), **page_request(form))
        data = self.serializer_class(page.rows, many=True, context={"request": request}).data
        return Response(page_body(request, page, data))


class EntityDetail(ApiView):
    """One record by its slug (a source by its id)."""

    kind: selectors.EntityKind
    serializer_class: type

    def get(self, request, **key):
        (value,) = key.values()
        record = selectors.entity(self.kind, value)
        return Response(self.serializer_class(record, context={"request": request}).data)


class Wording(NamedTuple):
    """How the documentation speaks of one kind of record: whole sentences, so that
    each language can inflect them its own way."""

    list_summary: str
    detail_summary: str
    list_description: str
    detail_description: str
    key_description: str


def entity_views(
    kind, plural: str, wording: Wording, serializer, detail_serializer=None, *, key="slug"
):
    """The list and detail views of one kind of record, documented."""
    key_schema = schema.ID_SCHEMA if key == "id" else serializers.SLUG_SCHEMA
    base = serializer.__name__.removesuffix("Serializer")
    page = serializers.page_of(serializer, f"{base}Page")
    listing = schema.documented(
        f"{plural}_list",
        wording.list_summary,
        page,
        description=wording.list_description,
        parameters=[*schema.ENTITY_PARAMETERS, *schema.PAGE_PARAMETERS],
        tag=plural,
    )(type(f"{base}List", (EntityList,), {"kind": kind, "serializer_class": serializer}))
    detail_serializer = detail_serializer or serializer
    detail = schema.documented(
        f"{plural}_retrieve",
        wording.detail_summary,
        detail_serializer,
        description=wording.detail_description,
        parameters=[schema.path_parameter(key, key_schema, wording.key_description)],
        not_found=True,
        tag=plural,
    )(type(f"{base}Detail", (EntityDetail,), {"kind": kind, "serializer_class": detail_serializer}))
    return listing, detail


SourceList, SourceDetail = entity_views(
    selectors.SOURCES,
    "sources",
    Wording(
        _("Sources"),
        _("One source"),
        _("Every source that a published figure quotes, by id, with how many do."),
        _("The source, with how many published figures name it and a link to them."),
        _("The source's id."),
    ),
    serializers.SourceSerializer,
    serializers.SourceDetailSerializer,
    key="id",
)
InstitutionList, InstitutionDetail = entity_views(
    selectors.INSTITUTIONS,
    "institutions",
    Wording(
        _("Institutions"),
        _("One institution"),
        _("Every institution, by id, with how many published figures name it."),
        _("The institution, with how many published figures name it and a link to them."),
        _("The institution's slug."),
    ),
    serializers.InstitutionSerializer,
)
ProgrammeList, ProgrammeDetail = entity_views(
    selectors.PROGRAMMES,
    "programmes",
    Wording(
        _("Programmes"),
        _("One programme"),
        _("Every programme, by id, with how many published figures name it."),
        _("The programme, with how many published figures name it and a link to them."),
        _("The programme's slug."),
    ),
    serializers.ProgrammeSerializer,
)
LawList, LawDetail = entity_views(
    selectors.LAWS,
    "laws",
    Wording(
        _("Laws"),
        _("One law"),
        _("Every law, by id, with how many published figures name it."),
        _("The law, with how many published figures name it and a link to them."),
        _("The law's slug."),
    ),
    serializers.LawSerializer,
)
IncidentList, IncidentDetail = entity_views(
    selectors.INCIDENTS,
    "incidents",
    Wording(
        _("Incidents"),
        _("One incident"),
        _("Every incident, by id, with how many published figures name it."),
        _("The incident, with how many published figures name it and a link to them."),
        _("The incident's slug."),
    ),
    serializers.IncidentSerializer,
)
MetricList, MetricDetail = entity_views(
    selectors.METRICS,
    "metrics",
    Wording(
        _("Metrics"),
        _("One metric"),
        _("Every metric, by id, with how many published figures name it."),
        _("The metric, with how many published figures name it and a link to them."),
        _("The metric's slug."),
    ),
    serializers.MetricSerializer,
)


@extend_schema(exclude=True)
class OpenApiDocument(ApiView):
    """The OpenAPI 3 description of this API, as JSON, in the reader's language or in
    the one ``lang`` names."""

    parameters = frozenset(forms.LanguageForm.base_fields)

    @method_decorator(vary_on_cookie)
    def get(self, request):
        chosen = forms.parse(forms.LanguageForm, request.query_params).cleaned_data["lang"]
        language = chosen or translation.get_language()
        return Response(schema.document_in(language), headers={"Content-Language": language})


@extend_schema(exclude=True)
class Documentation(ApiView):
    """The API's documentation, a page of the site in the reader's language, rendered
    from the OpenAPI document."""

    renderer_classes = [StaticHTMLRenderer]

    @method_decorator(vary_on_cookie)
    def get(self, request):
        return Response(render_to_string("api/docs.html", docs.context(), request._request))


@extend_schema(exclude=True)
class NotFoundView(ApiView):
    """Any other path under /api/v1/: a JSON 404."""

    check_parameters = False

    def get(self, request, *args, **kwargs):
        raise NotFound
