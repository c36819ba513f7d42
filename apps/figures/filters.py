"""The public filters over published figures.

One FilterSet serves the HTML listing and its CSV, Excel and JSON exports (and
the API), so an export is exactly what the reader sees. Parameter names are
part of the public interface: links and scripts rely on them.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, Value
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from apps.core.largetables import planner_estimate
from apps.core.parameters import DateSpanField, UtcDateTimeField
from apps.core.search import WordSearch, all_of, any_of
from apps.registry.models import Area, Cohort, Incident, Institution, Law, Programme
from apps.registry.subjects import NAMED_SUBJECTS
from apps.sources.models import Quote, Source

from .models import NAMING_FIELDS, Disagreement, Metric, ReportedFigure

MAX_SEARCH_LENGTH = 200
MAX_VALUE = 10**12
MAX_ID = 2**63 - 1  # a bigint key


# Registry tables are small: the rows a search names are read first, in one
# query for every term, and the figures are then matched on their own columns.
NAMED_ENTITIES = {
    Metric: NAMING_FIELDS["metric"],
    **{kind.model: NAMING_FIELDS[kind.name] for kind in NAMED_SUBJECTS},
}


def entities_named(search: WordSearch) -> list[list[Q]]:
    """Per term: figures about (or attributed to) a record whose names have its words."""
    models = list(NAMED_ENTITIES)
    queries = [
        model.objects.filter(search_names__words=query)
        .annotate(named_kind=Value(kind), named_term=Value(term))
        .values_list("named_kind", "named_term", "pk")
        for term, query in enumerate(search.queries)
        for kind, model in enumerate(models)
    ]
    found: dict[tuple[int, int], list[int]] = {}
    for kind, term, pk in queries[0].union(*queries[1:], all=True):
        found.setdefault((term, kind), []).append(pk)
    return [
        [
            Q(**{f"{field}__in": pks})
            for (term, kind), pks in found.items()
            if term == index
            for field in NAMED_ENTITIES[models[kind]]
        ]
        for index in range(len(search))
    ]


# Above this many quotes a term is common: the listing finds its next page by
# reading figures in order and checking each one's quote, which stops after a
# page. A rarer term lists its quotes first (GIN index) and then fetches
# just their figures.
COMMON_TERM_QUOTES = 5000


def quotes_matching(query: str) -> Q:
    matching = Quote.objects.filter(search_text__words=query)
    if planner_estimate(matching) <= COMMON_TERM_QUOTES:
        pks = list(matching.order_by().values_list("pk", flat=True)[: COMMON_TERM_QUOTES + 1])
        if len(pks) <= COMMON_TERM_QUOTES:
            return Q(quote_id__in=pks)
    return Q(quote__search_text__words=query)


@dataclass(frozen=True)
class TermFound:
    """Where a figure may have a term of the search: in its quote, or elsewhere
    (its speaker, the names of what it is about or attributed to)."""

    query: str
    in_quote: Q
    elsewhere: Q

    @property
    def anywhere(self) -> Q:
        return self.in_quote | self.elsewhere


def terms_found(search: WordSearch) -> list[TermFound]:
    """Per term: the figures whose quote, speaker, or any record they name has its words."""
    if not search:
        return []
    named = entities_named(search)
    return [
        TermFound(
            query, quotes_matching(query), any_of([Q(speaker_search__words=query), *entities])
        )
        for query, entities in zip(search.queries, named, strict=True)
    ]


def every_term_found(found: list[TermFound]) -> Q:
    """The figures that have every term, written for PostgreSQL's indexes: every
    term in the quote (one text search query, its quotes listed first when they
    are few), or some term elsewhere and the others anywhere. Read in id order, the
    plain conjunction would go through the whole table when few figures have all."""
    in_quote = quotes_matching(" & ".join(f"({term.query})" for term in found))
    elsewhere = any_of([term.elsewhere for term in found])
    return in_quote | (elsewhere & all_of([term.anywhere for term in found]))


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
    """Figures that match any word or phrase of the search (apps.core.search)."""

    field_class = SearchField

    def filter(self, qs, value):
        conditions = self.parent.search_conditions
        return qs.filter(any_of(conditions)) if conditions else qs


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

    @cached_property
    def found_terms(self) -> list[TermFound]:
        """Where each word or phrase of ``q`` is found."""
        self.is_valid()  # cleans the form once; a malformed q searches nothing
        typed = self.form.cleaned_data.get("q") or ""
        return terms_found(WordSearch.prepare(typed, using=self.queryset.db))

    @property
    def search_conditions(self) -> list[Q]:
        """One condition per word or phrase of ``q``: the figures it finds."""
        return [term.anywhere for term in self.found_terms]

    @cached_property
    def every_search_term(self) -> Q:
        """The figures that have every word and phrase of ``q`` (two or more)."""
        return every_term_found(self.found_terms)

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
