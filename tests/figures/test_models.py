"""A reported figure's rules, held by the database itself."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from apps.figures.models import ReportedFigure
from tests.stored import stored_figure


def refused(figure: ReportedFigure, field: str) -> None:
    """The rule names the field in validation, and the database refuses the row."""
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert field in error.value.message_dict, error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()


def test_a_figure_rests_on_a_quote(cells, editor):
    with pytest.raises(IntegrityError):
        stored_figure(metric=cells, value=1, created_by=editor)


def test_values_cannot_be_negative(make_figure):
    figure = make_figure()
    figure.value = Decimal("-1")
    refused(figure, "value")


def test_percentages_are_at_most_100(make_figure, share):
    figure = make_figure("وإن 88 في المائة من الخلايا", value="88", metric=share, unit="percent")
    figure.value = Decimal("101")
    refused(figure, "value")


def test_an_upper_value_exists_only_for_ranges(make_figure):
    figure = make_figure()
    figure.value_max = Decimal("300")
    refused(figure, "value_max")


def test_a_range_needs_its_upper_value(make_figure):
    figure = make_figure()
    figure.qualifier = ReportedFigure.Qualifier.RANGE
    refused(figure, "value_max")


def test_a_range_upper_value_is_not_below_its_value(make_figure):
    figure = make_figure()
    figure.qualifier = ReportedFigure.Qualifier.RANGE
    figure.value_max = Decimal("200")
    refused(figure, "value_max")


def test_a_period_does_not_end_before_it_starts(make_figure):
    figure = make_figure()
    figure.period_end = dt.date(2001, 1, 1)
    figure.period_end_precision = "year"
    refused(figure, "period_end")


def test_a_published_figure_needs_a_reviewer(make_figure):
    figure = make_figure()
    figure.status = ReportedFigure.Status.PUBLISHED
    refused(figure, "reviewed_by")


def test_nobody_publishes_a_figure_they_created(make_figure, editor):
    figure = make_figure()
    figure.status = ReportedFigure.Status.PUBLISHED
    figure.reviewed_by = editor
    figure.reviewed_at = timezone.now()
    refused(figure, "reviewed_by")


def test_another_reviewer_can_publish(make_figure, reviewer):
    figure = make_figure()
    figure.status = ReportedFigure.Status.PUBLISHED
    figure.reviewed_by = reviewer
    figure.reviewed_at = timezone.now()
    figure.full_clean()
    figure.save()
    assert ReportedFigure.objects.published().get() == figure


def test_a_value_missing_from_its_quote_cannot_be_published_without_a_reason(make_figure, reviewer):
    figure = make_figure("اعتقال 214 خلية إرهابية", value="215")
    assert not figure.value_in_quote
    figure.status = ReportedFigure.Status.PUBLISHED
    figure.reviewed_by = reviewer
    figure.reviewed_at = timezone.now()
    refused(figure, "value_check_override")
    figure.value_check_override = "The source's table gives 215; the sentence rounds it."
    figure.save()
    assert figure.status == "published"


def test_a_ranking_needs_its_reason(make_figure):
    figure = make_figure()
    figure.assessment = ReportedFigure.Assessment.DISPUTED
    refused(figure, "assessment_reason")


def test_the_unit_must_be_the_metrics_unit(make_figure):
    figure = make_figure()
    figure.unit = "percent"
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "unit" in error.value.message_dict


def test_deleting_a_quote_that_figures_rest_on_is_refused(make_figure):
    figure = make_figure()
    with pytest.raises(ProtectedError):
        figure.quote.delete()
    with pytest.raises(ProtectedError):
        figure.quote.source.delete()


def test_deleting_a_metric_in_use_is_refused(make_figure, cells):
    make_figure()
    with pytest.raises(ProtectedError):
        cells.delete()


@pytest.mark.parametrize(
    ("qualifier", "value", "value_max", "unit", "expected"),
    [
        ("exact", "214", None, "count", "214"),
        ("more_than", "200", None, "count", "more than 200"),
        ("approximately", "1600", None, "count", "about 1,600"),
        ("range", "1500", "1600", "count", "1,500–1,600"),
        ("exact", "88", None, "percent", "88%"),
        ("at_least", "12.5", None, "percent", "at least 12.5%"),
    ],
)
def test_values_are_shown_with_their_qualifier(qualifier, value, value_max, unit, expected):
    figure = ReportedFigure(
        qualifier=qualifier,
        value=Decimal(value),
        value_max=None if value_max is None else Decimal(value_max),
        unit=unit,
    )
    assert figure.display_value() == expected
