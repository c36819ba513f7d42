"""Disagreements: figures that cannot all be true are grouped, never merged."""

import datetime as dt
from decimal import Decimal

import pytest

from apps.figures.models import Disagreement, ReportedFigure
from apps.figures.provenance import can_all_be_true, value_interval
from apps.figures.services import figures_changed
from apps.registry.models import Incident
from tests.stored import resaved


def interval(text: str):
    """'>200', '~200', '>=200', '<200', '<=200', '200-300' or '214'."""
    for prefix, qualifier in (
        (">=", "at_least"),
        ("<=", "at_most"),
        (">", "more_than"),
        ("<", "fewer_than"),
        ("~", "approximately"),
    ):
        if text.startswith(prefix):
            return value_interval(qualifier, Decimal(text[len(prefix) :]), None)
    if "-" in text:
        low, high = text.split("-")
        return value_interval("range", Decimal(low), Decimal(high))
    return value_interval("exact", Decimal(text), None)


@pytest.mark.parametrize(
    ("values", "agree"),
    [
        (["214", ">200"], True),
        (["214", "2009"], False),
        (["2009", ">200"], True),
        (["214", ">200", "2009"], False),
        (["200", ">200"], False),  # "more than 200" excludes 200 itself
        (["200", ">=200"], True),
        (["200", "<200"], False),
        (["200", "<=200"], True),
        (["214", "~200"], True),  # within the 10% an "about" allows
        (["250", "~200"], False),
        (["1550", "1500-1600"], True),
        (["1700", "1500-1600"], False),
        ([">1600", "1500-1600"], False),
        ([">=1600", "1500-1600"], True),
        (["217", "217"], True),
    ],
)
def test_qualified_values_agree_only_when_one_true_value_fits_them_all(values, agree):
    assert can_all_be_true([interval(v) for v in values]) is agree


@pytest.fixture
def seed_like_cells(make_figure, make_quote):
    """The seed's three claims about cells dismantled since 2002."""
    return [
        make_figure("اعتقال 214 خلية إرهابية", value="214"),
        make_figure("(أكثر من مئتي خلية)", value="200", qualifier="more_than"),
        make_figure("وإجهاض أكثر من 500 مشروع", value="2009", value_check_override="test"),
    ]


def test_conflicting_cell_counts_are_one_disagreement_with_every_value(seed_like_cells):
    disagreement = Disagreement.objects.get()
    values = sorted(f.value for f in disagreement.figures.all())
    assert values == [Decimal("200"), Decimal("214"), Decimal("2009")]


def test_agreeing_figures_make_no_disagreement(make_figure):
    make_figure("اعتقال 214 خلية إرهابية", value="214")
    make_figure("(أكثر من مئتي خلية)", value="200", qualifier="more_than")
    assert not Disagreement.objects.exists()
    assert not ReportedFigure.objects.filter(disagreement__isnull=False).exists()


def test_correcting_the_odd_value_dissolves_the_disagreement(seed_like_cells):
    odd = seed_like_cells[2]
    odd.value = Decimal("214")
    resaved(odd)
    assert not Disagreement.objects.exists()
    assert not ReportedFigure.objects.filter(disagreement__isnull=False).exists()


def test_a_rejected_figure_leaves_the_disagreement(seed_like_cells):
    odd = seed_like_cells[2]
    odd.status = ReportedFigure.Status.REJECTED
    resaved(odd)
    assert not Disagreement.objects.exists()


def test_figures_about_different_subjects_do_not_disagree(make_figure):
    madrid = Incident.objects.create(slug="madrid-2004", name_en="Madrid train bombings")
    make_figure("اعتقال 214 خلية إرهابية", value="214")
    make_figure("وإجهاض أكثر من 500 مشروع", value="500", incident=madrid)
    assert not Disagreement.objects.exists()


def test_figures_over_periods_that_do_not_overlap_do_not_disagree(make_figure):
    make_figure(
        "اعتقال 214 خلية إرهابية",
        value="214",
        period_end=dt.date(2010, 1, 1),
        period_end_precision="year",
    )
    make_figure(
        "وإجهاض أكثر من 500 مشروع",
        value="500",
        period_start=dt.date(2015, 1, 1),
        period_start_precision="year",
    )
    assert not Disagreement.objects.exists()


def test_the_disagreement_keeps_its_identity_when_a_figure_joins(seed_like_cells, make_figure):
    before = Disagreement.objects.get().pk
    make_figure("وإن 88 في المائة من الخلايا", value="88", value_check_override="test")
    assert Disagreement.objects.get().pk == before
    assert Disagreement.objects.get().figures.count() == 4


def test_saving_figures_regroups_nothing_until_a_service_says_what_changed(
    make_quote, cells, editor
):
    since_2002 = {"period_start": dt.date(2002, 1, 1), "period_start_precision": "year"}
    figures = [
        ReportedFigure(
            quote=make_quote(words), metric=cells, value=value, created_by=editor, **since_2002
        )
        for words, value in (("اعتقال 214 خلية إرهابية", 214), ("وإجهاض أكثر من 500 مشروع", 2009))
    ]
    for figure in figures:
        figure.save()
    assert not Disagreement.objects.exists()  # save() has no effect on other rows
    figures_changed([figure.pk for figure in figures])
    assert Disagreement.objects.get().figures.count() == 2


def test_figures_moved_to_another_metric_get_a_disagreement_of_that_metric(seed_like_cells):
    from apps.figures.models import Metric
    from apps.figures.provenance import refresh_partitions

    before = Disagreement.objects.get()
    arrests = Metric.objects.create(slug="arrests", name_en="Arrests")
    ReportedFigure.objects.update(metric=arrests)  # the disagreement stays on the figures
    subject = seed_like_cells[0].subject
    refresh_partitions({(arrests.pk, subject), (before.metric_id, subject)})
    after = Disagreement.objects.get()
    assert after.metric == arrests and after.pk != before.pk
    assert after.figures.count() == 3
