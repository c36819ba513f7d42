"""The public filters over published figures.

One FilterSet serves the HTML listing and its CSV, Excel and JSON exports (and
the API), so an export is exactly what the reader sees. Parameter names are
part of the public interface: links and scripts rely on them.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Value
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from apps.core.admin import search_terms
from apps.core.largetables import planner_estimate
from apps.core.parameters import DateSpanField, UtcDateTimeField
from apps.core.search import Normalize, normalized_term
from apps.registry.models import Area, Cohort, Incident, Institution, Law, Programme
from apps.registry.subjects import NAMED_SUBJECTS
from apps.sources.models import Quote, Source

from .models import NAMING_FIELDS, Disagreement, Metric, ReportedFigure

MAX_SEARCH_LENGTH = 200
MAX_VALUE = 10**12
MAX_ID = 2**63 - 1  # a bigint key


def names_match(model, term: str, *extra_fields: str) -> QuerySet:
    """Primary keys of the registry rows whose names contain ``term`` (any spelling)."""
    fields = ["name_ar", "name_en", "name_fr", *extra_fields]
    condition = Q()
    for index in range(len(fields)):
        condition |= Q(**{f"_n{index}__contains": normalized_term(term)})
    aliases = {f"_n{index}": Normalize(field) for index, field in enumerate(fields)}
    return model.objects.alias(**aliases).filter(condition).values_list("pk", flat=True)


# Registry tables are small: the rows a term names are read first, in one query,
# and the figures are then matched on their own indexed columns.
NAMED_ENTITIES = {
    "metric": (Metric, ("slug",), NAMING_FIELDS["metric"]),
    **{kind.name: (kind.model, kind.also, NAMING_FIELDS[kind.name]) for kind in NAMED_SUBJECTS},
}


def entities_named(term: str) -> Q:
    kinds = list(NAMED_ENTITIES)
    queries = [
        names_match(model, term, *extra).annotate(kind=Value(index)).values_list("kind", "pk")
        for index, (model, extra, _fields) in enumerate(NAMED_ENTITIES.values())
    ]
    found: dict[str, list[int]] = {kind: [] for kind in kinds}
    for index, pk in queries[0].union(*queries[1:], all=True):
        found[kinds[index]].append(pk)
    condition = Q()
    for kind, pks in found.items():
        for field in NAMED_ENTITIES[kind][2]:
            if pks:
                condition |= Q(**{f"{field}__in": pks})
    return condition


# Above this many quotes a term is common: the listing finds its next page by
# reading figures in order and checking each one's quote, which stops after a
# page. A rarer term lists its quotes first (trigram index) and then fetches
# just their figures.
COMMON_TERM_QUOTES = 5000


def quotes_containing(term: str) -> Q:
    normalized = normalized_term(term)
    matching = Quote.objects.filter(search_text__contains=normalized)
    if planner_estimate(matching) <= COMMON_TERM_QUOTES:
        pks = list(matching.order_by().values_list("pk", flat=True)[: COMMON_TERM_QUOTES + 1])
        if len(pks) <= COMMON_TERM_QUOTES:
            return Q(quote_id__in=pks)
    return Q(quote__search_text__contains=normalized)


ARTICLE = re.compile(r"^\s*ال(?=\S{2,})")


def without_leading_article(term: str) -> str:
    """ "الأمن الوطني" should find "للأمن الوطني": the article fuses with prefixes
    (لل، بال، وال), so a leading ال is dropped; matching is by substring anyway."""
    return ARTICLE.sub("", term)


def search_condition(term: str) -> Q:
    """A figure matches when its quote or any entity it names contains the term."""
    term = without_leading_article(term)
    speaker = Q(speaker_search__contains=normalized_term(term))
    return quotes_containing(term) | entities_named(term) | speaker


class SearchField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and "\x00" in value:
            raise ValidationError(_("The search contains a character that is not allowed."))
        return value


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField

    def filter(self, qs, value):
        for term in search_terms(value or ""):
            qs = qs.filter(search_condition(term))
        return qs


class PlainSelect(forms.Select):
    """A select whose options are written in Python.

    Django renders each option through its own template, about 0.15 ms apiece;
    the listing's filters carry some two hundred options on every page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class ListedChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """Options read in one plain query: Django walks a select's queryset through a
    server-side cursor, three round trips for a table of twenty rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ListedChoiceIterator


EVERYTHING = _("All")


class RegistryChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice among the rows of a small registry table, shown as a plain select."""

    field_class = ListedModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", PlainSelect)
        kwargs.setdefault("empty_label", EVERYTHING)
        super().__init__(*args, **kwargs)


class AllYesNo(django_filters.widgets.BooleanWidget):
    """Yes, no, or (by default) all figures."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", EVERYTHING), ("true", _("Yes")), ("false", _("No"))]


class BoundedNumberFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_VALUE)
        super().__init__(*args, **kwargs)


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An instant read in UTC by the parser the API uses too (apps.core.parameters)."""

    field_class = UtcDateTimeField


class DateSpanFilter(django_filters.Filter):
    """A year, a month or a day, read by the parser the API uses too."""

    field_class = DateSpanField


PERIOD_HINT = _("A year, a month or a day: 2003, 2003-05 or 2003-05-16.")


class FigureFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"))
    metric = RegistryChoiceFilter(
        queryset=Metric.objects.all(), to_field_name="slug", label=_("Metric")
    )
    institution = RegistryChoiceFilter(
        queryset=Institution.objects.all(),
        to_field_name="slug",
        method="filter_institution",
        label=_("Institution"),
        help_text=_("As the subject of the figure or as the body it is attributed to."),
    )
    programme = RegistryChoiceFilter(
        queryset=Programme.objects.all(),
        to_field_name="slug",
        label=_("Programme"),
    )
    cohort = RegistryChoiceFilter(
        queryset=Cohort.objects.select_related("programme"), label=_("Cohort")
    )
    law = RegistryChoiceFilter(queryset=Law.objects.all(), to_field_name="slug", label=_("Law"))
    incident = RegistryChoiceFilter(
        queryset=Incident.objects.all(),
        to_field_name="slug",
        label=_("Incident"),
    )
    # Sources grow without bound: a number box, not a list of every source.
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.all(),
        field_name="quote__source",
        label=_("Source (number)"),
        widget=forms.NumberInput(attrs={"min": 1}),
    )
    publisher = django_filters.CharFilter(
        field_name="quote__source__publisher", label=_("Publisher"), max_length=200
    )
    language = django_filters.ChoiceFilter(
        field_name="quote__source__language",
        choices=Source.Language.choices,
        label=_("Source language"),
        widget=PlainSelect,
        empty_label=EVERYTHING,
    )
    qualifier = django_filters.ChoiceFilter(
        choices=ReportedFigure.Qualifier.choices,
        label=_("Qualifier"),
        widget=PlainSelect,
        empty_label=EVERYTHING,
    )
    period_from = DateSpanFilter(
        method="filter_period_from", label=_("Period from"), help_text=PERIOD_HINT
    )
    period_to = DateSpanFilter(
        method="filter_period_to", label=_("Period to"), help_text=PERIOD_HINT
    )
    value_min = BoundedNumberFilter(field_name="value", lookup_expr="gte", label=_("Value from"))
    value_max = BoundedNumberFilter(field_name="value", lookup_expr="lte", label=_("Value to"))
    updated_since = UtcDateTimeFilter(method="filter_updated_since", label=_("Changed since"))
    area = RegistryChoiceFilter(
        queryset=Area.objects.all(),
        to_field_name="code",
        label=_("Area"),
        help_text=_("A country's ISO 3166 code (MA), a region's key, or world."),
    )
    disputed = django_filters.BooleanFilter(
        field_name="publicly_disputed", label=_("In a disagreement"), widget=AllYesNo
    )
    disagreement = django_filters.NumberFilter(
        field_name="public_disagreement",
        label=_("Disagreement (number)"),
        min_value=1,
        max_value=MAX_ID,
        widget=forms.NumberInput(attrs={"min": 1}),
    )

    class Meta:
        model = ReportedFigure
        fields: list[str] = []

    def filter_updated_since(self, queryset, name, moment):
        return queryset.filter(updated_at__gte=moment)

    def filter_institution(self, queryset, name, institution):
        return queryset.filter(
            Q(institution=institution) | Q(attributed_to_institution=institution)
        )

    def filter_period_from(self, queryset, name, span):
        """Figures whose period reaches the first day of ``span`` or later (open ends count
        as reaching)."""
        day = span.first
        # A month or year end is stored as its first day but covers all of it.
        return queryset.filter(
            Q(period_end__isnull=True)
            | Q(period_end__gte=day)
            | Q(period_end_precision="month", period_end__gte=day.replace(day=1))
            | Q(period_end_precision="year", period_end__gte=day.replace(month=1, day=1))
        )

    def filter_period_to(self, queryset, name, span):
        """Figures whose period starts by the last day of ``span`` (unknown starts count)."""
        return queryset.filter(Q(period_start__isnull=True) | Q(period_start__lte=span.last))


class DisagreementFilter(django_filters.FilterSet):
    """The public list of disagreements: by metric, kind and area."""

    metric = RegistryChoiceFilter(
        queryset=Metric.objects.all(), to_field_name="slug", label=_("Metric")
    )
    kind = django_filters.ChoiceFilter(
        choices=Disagreement.Kind.choices, label=_("Kind"), widget=PlainSelect
    )
    area = RegistryChoiceFilter(
        queryset=Area.objects.all(),
        to_field_name="code",
        method="filter_area",
        label=_("Area"),
    )

    class Meta:
        model = Disagreement
        fields: list[str] = []

    def filter_area(self, queryset, name, area):
        return queryset.filter(public_figures__area=area).distinct()
