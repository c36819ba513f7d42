"""Disagreements reason like an analyst: two figures disagree only when they
cannot both be right, by what their metric counts, their periods or dates and
their qualified values; a count many times another for nearly the same span is
a likely misprint; and the groups stay true as figures come, change and go."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from apps.figures.disagreements import rule
from apps.figures.models import Disagreement, Metric, ReportedFigure
from apps.figures.services import figure_record_edit, figures_changed, figures_delete
from apps.registry.models import Area
from apps.sources.models import Quote, Source
from tests.stored import resaved, stored_figure

YEAR = re.compile(r"^\d{4}$")
MONTH = re.compile(r"^\d{4}-\d{2}$")


def partial(text: str | None, end: bool = False) -> tuple[dt.date | None, str]:
    """'2019', '2019-05' or '2019-05-16' as a stored partial date."""
    if not text:
        return None, "unknown"
    if YEAR.match(text):
        return dt.date(int(text), 1, 1), "year"
    if MONTH.match(text):
        year, month = map(int, text.split("-"))
        return dt.date(year, month, 1), "month"
    return dt.date.fromisoformat(text), "day"


def value_fields(text: str) -> dict:
    """'214', '>200', '>=200', '<200', '<=200', '~200' or '1500-1600'."""
    for prefix, qualifier in (
        (">=", "at_least"),
        ("<=", "at_most"),
        (">", "more_than"),
        ("<", "fewer_than"),
        ("~", "approximately"),
    ):
        if text.startswith(prefix):
            return {"qualifier": qualifier, "value": Decimal(text[len(prefix) :])}
    if "-" in text:
        low, high = text.split("-")
        return {"qualifier": "range", "value": Decimal(low), "value_max": Decimal(high)}
    return {"qualifier": "exact", "value": Decimal(text)}


def when_fields(text: str) -> dict:
    """'2002..2021' (a period), '2002..' (since 2002), 'at 2019' (as of), '' (none)."""
    fields = {}
    if text.startswith("at "):
        fields["as_of"], fields["as_of_precision"] = partial(text[3:])
    elif ".." in text:
        start, end = text.split("..")
        fields["period_start"], fields["period_start_precision"] = partial(start)
        fields["period_end"], fields["period_end_precision"] = partial(end)
    return fields


@pytest.fixture
def figure_of(editor, db):
    """figure_of(kind, '214', '2002..2021', published_on='2021') → a stored draft."""
    metrics, quotes = {}, {}

    def make(kind: str, value: str, when: str = "", published_on: str = "", **extra):
        unit = "percent" if kind == "share" else "count"
        metric = metrics.get(kind) or Metric.objects.create(
            slug=f"metric-{kind}", name_en=kind, kind=kind, unit_kind=unit
        )
        metrics[kind] = metric
        if published_on not in quotes:
            date, precision = partial(published_on)
            source = Source.objects.create(
                title=f"Source {len(quotes)}",
                text="اعتقال 214 خلية إرهابية",
                published_on=date,
                published_on_precision=precision,
            )
            quotes[published_on] = Quote.objects.create(source=source, text="اعتقال 214 خلية")
        return stored_figure(
            quote=quotes[published_on],
            metric=metric,
            unit=unit,
            created_by=editor,
            value_check_override="test",
            **value_fields(value),
            **when_fields(when),
            **extra,
        )

    return make


def relation(a: ReportedFigure, b: ReportedFigure) -> str | None:
    """What the rule says of the pair, as PostgreSQL judges it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH r AS (SELECT {rule.columns_sql("f")} FROM figures_reportedfigure f
                JOIN figures_metric m ON m.id = f.metric_id WHERE f.id IN (%s, %s))
            SELECT {rule.relation_sql("a", "b")} FROM r a, r b WHERE a.id = %s AND b.id = %s""",
            [a.pk, b.pk, a.pk, b.pk],
        )
        return cursor.fetchone()[0]


def together(a: ReportedFigure, b: ReportedFigure) -> bool:
    a.refresh_from_db()
    b.refresh_from_db()
    return a.disagreement_id is not None and a.disagreement_id == b.disagreement_id


RULE = [
    # events: equal periods must agree
    (
        "equal periods, different counts",
        "events",
        ("214", "2002..2021"),
        ("230", "2002..2021"),
        "same_period",
    ),
    (
        "equal periods, counts that agree",
        "events",
        ("214", "2002..2021"),
        (">200", "2002..2021"),
        None,
    ),
    (
        "more than 200 excludes 200",
        "events",
        ("200", "2019..2019"),
        (">200", "2019..2019"),
        "same_period",
    ),
    ("at least 200 allows 200", "events", ("200", "2019..2019"), (">=200", "2019..2019"), None),
    (
        "fewer than 200 excludes 200",
        "events",
        ("200", "2019..2019"),
        ("<200", "2019..2019"),
        "same_period",
    ),
    ("at most 200 allows 200", "events", ("200", "2019..2019"), ("<=200", "2019..2019"), None),
    ("about 200 allows 214", "events", ("214", "2019..2019"), ("~200", "2019..2019"), None),
    (
        "about 200 does not allow 250",
        "events",
        ("250", "2019..2019"),
        ("~200", "2019..2019"),
        "same_period",
    ),
    ("a value inside a range", "events", ("1550", "2019..2019"), ("1500-1600", "2019..2019"), None),
    (
        "a value beyond a range",
        "events",
        ("1700", "2019..2019"),
        ("1500-1600", "2019..2019"),
        "same_period",
    ),
    # events: nested periods
    ("a longer period holds more", "events", ("214", "2002..2021"), ("230", "2002..2023"), None),
    (
        "a shorter period cannot hold more",
        "events",
        ("230", "2002..2021"),
        ("214", "2002..2023"),
        "inside",
    ),
    (
        "a month within its year, fewer",
        "events",
        ("30", "2019-05..2019-05"),
        ("100", "2019..2019"),
        None,
    ),
    (
        "a month within its year, more",
        "events",
        ("130", "2019-05..2019-05"),
        ("100", "2019..2019"),
        "inside",
    ),
    (
        "a day within its month",
        "events",
        ("3", "2019-05-16..2019-05-16"),
        ("2", "2019-05..2019-05"),
        "inside",
    ),
    (
        "a range inside a longer period",
        "events",
        ("90-120", "2019..2019"),
        ("100", "2018..2020"),
        None,
    ),
    # events: periods that do not nest never conflict
    ("disjoint periods", "events", ("12", "2026.."), ("214", "2002..2021"), None),
    (
        "periods that overlap without nesting",
        "events",
        ("100", "2018..2020"),
        ("10", "2019..2021"),
        None,
    ),
    # events: ends worked out from as-of dates and sources' dates
    (
        "ends at the as-of dates",
        "events",
        ("214", "2002..", "", {"as_of": "2021"}),
        ("300", "2002..", "", {"as_of": "2021"}),
        "same_period",
    ),
    (
        "ends at the source's date",
        "events",
        ("214", "2002..", "2021"),
        ("250", "2002..2021"),
        "same_period",
    ),
    # events: nothing proved without a start or an end
    ("a count without a period", "events", ("214", ""), ("2009", "2002..2021"), None),
    ("open ends, close counts", "events", ("214", "2002.."), ("230", "2002.."), None),
    # events: likely misprints
    (
        "a count 9.4 times another, one end unknown",
        "events",
        ("214", "2002..2021"),
        ("2009", "2002.."),
        "implausible",
    ),
    (
        "a count 10 times more than 200, both ends unknown",
        "events",
        (">200", "2002.."),
        ("2009", "2002.."),
        "implausible",
    ),
    (
        "a count 9.4 times another, ends two years apart",
        "events",
        ("214", "2002..2021"),
        ("2009", "2002..2023"),
        "implausible",
    ),
    ("ends five years apart", "events", ("214", "2002..2016"), ("2009", "2002..2021"), None),
    (
        "a month against its year is not a misprint",
        "events",
        ("10", "2019-01..2019-01"),
        ("100", "2019..2019"),
        None,
    ),
    (
        "two years against five is not nearly the same span",
        "events",
        ("40", "2019..2020"),
        ("214", "2019..2023"),
        None,
    ),
    ("a short span against an open one", "events", ("10", "2019..2019"), ("100", "2019.."), None),
    ("different starts", "events", ("214", "2002..2021"), ("2009", "2003..")),
    # levels: only the same date, at its precision
    ("levels at the same date", "level", ("900", "at 2019"), ("1000", "at 2019"), "same_date"),
    ("levels that agree", "level", ("900", "at 2019"), ("~950", "at 2019"), None),
    ("levels at different dates", "level", ("900", "at 2019"), ("1000", "at 2020"), None),
    (
        "levels at a year and at a month of it",
        "level",
        ("900", "at 2019"),
        ("1000", "at 2019-05"),
        None,
    ),
    (
        "levels dated by their sources",
        "level",
        ("900", "", "2019-05"),
        ("1000", "", "2019-05"),
        "same_date",
    ),
    ("levels without dates", "level", ("900", ""), ("1000", ""), None),
    # shares: only the same period or date
    ("shares of the same period", "share", ("88", "2002..2021"), ("70", "2002..2021"), "same_date"),
    ("shares of different periods", "share", ("88", "2019..2019"), ("70", "2020..2020"), None),
    ("shares at the same date", "share", ("88", "at 2019"), ("~85", "at 2019"), None),
    (
        "shares at the same date that differ",
        "share",
        ("88", "at 2019"),
        ("70", "at 2019"),
        "same_date",
    ),
]


def spec(entry):
    value, when, *rest = entry
    published_on = rest[0] if rest else ""
    extra = rest[1] if len(rest) > 1 else {}
    fields = {}
    if "as_of" in extra:
        fields["as_of"], fields["as_of_precision"] = partial(extra["as_of"])
    return value, when, published_on, fields


@pytest.mark.parametrize(
    ("name", "kind", "first", "second", "expected"),
    [case if len(case) == 5 else (*case, None) for case in RULE],
    ids=[case[0] for case in RULE],
)
def test_the_rule(name, kind, first, second, expected, figure_of):
    value_a, when_a, published_a, extra_a = spec(first)
    value_b, when_b, published_b, extra_b = spec(second)
    a = figure_of(kind, value_a, when_a, published_a, **extra_a)
    b = figure_of(kind, value_b, when_b, published_b, **extra_b)
    assert relation(a, b) == expected
    assert relation(b, a) == expected
    assert together(a, b) is (expected is not None)
    if expected:
        disagreement = Disagreement.objects.get(public=False)
        assert disagreement.kind == (
            "implausible" if expected == "implausible" else "contradiction"
        )


def test_figures_about_different_areas_are_not_compared(figure_of):
    world = Area.objects.get(code="world")
    morocco = figure_of("events", "40", "2003..2003")
    worldwide = figure_of("events", "900", "2003..2003", area=world)
    assert relation(morocco, worldwide) == "same_period"  # were they about one place
    assert not together(morocco, worldwide)


def test_figures_about_different_subjects_are_not_compared(figure_of):
    from apps.registry.models import Incident

    madrid = Incident.objects.create(slug="madrid-2004", name_en="Madrid train bombings")
    national = figure_of("events", "214", "2002..2021")
    about_madrid = figure_of("events", "500", "2002..2021", incident=madrid)
    assert not together(national, about_madrid)


@pytest.fixture
def cells_since_2002(figure_of):
    """The seed's claims about cells dismantled since 2002."""
    return [
        figure_of("events", "214", "2002..2021"),
        figure_of("events", ">200", "2002.."),
        figure_of("events", "2009", "2002.."),
    ]


def test_a_misprint_joins_every_count_it_is_several_times(cells_since_2002):
    disagreement = Disagreement.objects.get(public=False)
    assert sorted(f.value for f in disagreement.figures.all()) == [200, 214, 2009]
    assert disagreement.kind == "implausible"
    assert disagreement.reason_en == (
        "214 (2002 – 2021) and 2,009 (since 2002) cannot both be right: 2,009 is 9.4 times "
        "the other count for nearly the same span. 3 figures are in this disagreement."
    )
    assert "9,4" in disagreement.reason_fr and "9,4" in disagreement.reason_ar
    assert disagreement.reason_ar != disagreement.reason_en


def test_twelve_cells_since_2026_do_not_join_the_counts_since_2002(cells_since_2002, figure_of):
    recent = figure_of("events", "12", "2026..", "2026-11")
    recent.refresh_from_db()
    assert recent.disagreement_id is None
    assert Disagreement.objects.get(public=False).figures.count() == 3


def test_a_group_keeps_its_identity_when_a_figure_joins(cells_since_2002, figure_of):
    before = Disagreement.objects.get(public=False).pk
    figure_of("events", "230", "2002..2021")  # a contradiction with 214 for the same period
    after = Disagreement.objects.get(public=False)
    assert after.pk == before
    assert after.figures.count() == 4
    assert after.kind == "contradiction"  # a contradiction outranks a likely misprint
    assert after.reason_en.startswith("214 and 230 for the same period (2002 – 2021)")


def test_correcting_the_misprint_dissolves_the_group(cells_since_2002):
    misprint = cells_since_2002[2]
    misprint.value = Decimal("209")
    resaved(misprint)
    assert not Disagreement.objects.exists()
    assert not ReportedFigure.objects.filter(disagreement__isnull=False).exists()


@pytest.mark.parametrize("leaves", ["deleted", "rejected", "moved"])
def test_no_group_is_left_with_fewer_than_two_figures(leaves, figure_of, reviewer):
    first = figure_of("events", "214", "2002..2021")
    second = figure_of("events", "2009", "2002..")
    assert together(first, second)
    if leaves == "deleted":
        figures_delete(figures=ReportedFigure.objects.filter(pk=second.pk))
    elif leaves == "rejected":
        ReportedFigure.objects.filter(pk=second.pk).update(status="rejected")
        figures_changed([second.pk])
    else:
        arrests = Metric.objects.create(slug="arrests", name_en="Arrests")
        second.metric = arrests
        resaved(second)
    assert not Disagreement.objects.exists()
    first.refresh_from_db()
    assert first.disagreement_id is None


def test_a_group_split_by_a_leaving_figure_becomes_two(figure_of):
    """214 and 230 (2002 – 2021) conflict; 2009 is a misprint of each count since
    2002; without 2009 the two others still contradict each other alone."""
    a = figure_of("events", "214", "2002..2021")
    b = figure_of("events", "230", "2002..2021")
    c = figure_of("events", "2009", "2002..")
    assert together(a, b) and together(a, c)
    figures_delete(figures=ReportedFigure.objects.filter(pk=c.pk))
    assert together(a, b)
    assert Disagreement.objects.get(public=False).kind == "contradiction"


def test_a_draft_never_changes_what_readers_see(figure_of, reviewer):
    published = [figure_of("events", "214", "2002..2021"), figure_of("events", ">200", "2002..")]
    stamp = timezone.now() - dt.timedelta(days=1)
    ReportedFigure.objects.filter(pk__in=[f.pk for f in published]).update(
        status="published", reviewed_by=reviewer, reviewed_at=stamp, updated_at=stamp
    )
    figures_changed([f.pk for f in published])
    draft = figure_of("events", "2009", "2002..")
    draft.refresh_from_db()
    assert draft.disagreement_id is not None  # staff see the draft's conflict
    for figure in ReportedFigure.objects.filter(pk__in=[f.pk for f in published]):
        assert figure.updated_at == stamp
        assert (figure.public_disagreement_id, figure.publicly_disputed) == (None, False)
    assert not Disagreement.objects.filter(public=True).exists()


def test_publishing_the_misprint_shows_the_group_to_readers(figure_of, reviewer):
    figures = [figure_of("events", "214", "2002..2021"), figure_of("events", "2009", "2002..")]
    ReportedFigure.objects.filter(pk__in=[f.pk for f in figures]).update(
        status="published", reviewed_by=reviewer, reviewed_at=timezone.now()
    )
    figures_changed([f.pk for f in figures])
    shown = Disagreement.objects.get(public=True)
    assert set(shown.public_figures.values_list("pk", flat=True)) == {f.pk for f in figures}
    assert all(f.publicly_disputed for f in ReportedFigure.objects.all())


def test_saving_a_figure_regroups_nothing_until_a_service_says_what_changed(figure_of):
    first = figure_of("events", "214", "2002..2021")
    second = ReportedFigure.objects.get(pk=figure_of("events", "209", "2002..").pk)
    second.value = Decimal("2009")
    second.save()
    assert not together(first, second)  # save() touches no other row
    figures_changed([second.pk])
    assert together(first, second)


def test_an_edit_in_the_admin_regroups_through_its_service(figure_of, editor):
    first = figure_of("events", "214", "2002..2021")
    second = figure_of("events", "209", "2002..")
    second.value = Decimal("2009")
    second.value_check_override = "test"
    figure_record_edit(figure=second, user=editor)
    assert together(first, second)


def test_a_source_dated_later_moves_the_end_of_its_open_periods(figure_of):
    first = figure_of("events", "214", "2002..2021")
    second = figure_of("events", "200", "2002..", "2019")  # ends at its source's date, 2019
    assert relation(first, second) is None  # 2002–2019 inside 2002 – 2021: 200 ≤ 214
    source = second.quote.source
    source.published_on, source.published_on_precision = dt.date(2021, 1, 1), "year"
    source.save()
    figures_changed([second.pk])
    second.refresh_from_db()
    assert second.compared_to == dt.date(2021, 12, 31)
    assert relation(first, second) == "same_period"
