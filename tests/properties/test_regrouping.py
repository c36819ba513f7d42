"""PostgreSQL groups disagreements exactly as the rule says, step after step.

``reference_rule`` states the rule in Python, pair by pair; the app's
regrouping (``figures.disagreements``) judges pairs in SQL and only reads the
figures a change can reach. Whatever figures a partition holds — every kind
of metric and qualifier, periods and dates at any precision or unknown,
sources with or without a date, any status, two areas — and whatever edits,
rejections and deletions follow, each one regrouped incrementally, the
groups staff see and those readers see are the rule's connected groups, no
disagreement is left with fewer than two figures, and regrouping again
changes nothing.
"""

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from apps.core.dates import PartialDate
from apps.figures.models import Disagreement, Metric, ReportedFigure
from apps.figures.services import figures_changed, figures_delete
from apps.registry.models import Area, Incident
from apps.sources.models import Quote, Source
from tests.properties import reference_rule

SETTINGS = hypothesis_settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

QUALIFIERS = [q for q, _label in ReportedFigure.Qualifier.choices]
STATUSES = [s for s, _label in ReportedFigure.Status.choices]
VALUES = [0, 40, 200, 200, 214, 230, 1070, 2009]
# Periods that nest, share a start, end a few years apart or cover one month.
STARTS = [
    (None, "unknown"),
    (dt.date(2002, 1, 1), "year"),
    (dt.date(2002, 1, 1), "year"),
    (dt.date(2019, 1, 1), "year"),
    (dt.date(2019, 5, 1), "month"),
    (dt.date(2019, 5, 16), "day"),
]
ENDS = [
    (None, "unknown"),
    (None, "unknown"),
    (dt.date(2019, 1, 1), "year"),
    (dt.date(2019, 5, 1), "month"),
    (dt.date(2019, 5, 31), "day"),
    (dt.date(2021, 1, 1), "year"),
    (dt.date(2023, 1, 1), "year"),
    (dt.date(2024, 1, 1), "year"),
]
AS_OF = [(None, "unknown")] * 4 + [(dt.date(2019, 1, 1), "year"), (dt.date(2019, 5, 1), "month")]


@st.composite
def figure_specs(draw):
    qualifier = draw(st.sampled_from(QUALIFIERS))
    value = Decimal(draw(st.sampled_from(VALUES)))
    start = draw(st.sampled_from(STARTS))
    end, as_of = draw(st.sampled_from(ENDS)), draw(st.sampled_from(AS_OF))
    if start[0] and end[0] and end[0] < start[0]:
        end = (None, "unknown")
    return {
        "metric": draw(st.sampled_from(["events"] * 5 + ["level", "share"])),
        "source": draw(st.sampled_from([0, 1])),
        "qualifier": qualifier,
        "value": value,
        "value_max": value + draw(st.sampled_from([0, 14, 200])) if qualifier == "range" else None,
        "period_start": start[0],
        "period_start_precision": start[1],
        "period_end": end[0],
        "period_end_precision": end[1],
        "as_of": as_of[0],
        "as_of_precision": as_of[1],
        "status": draw(st.sampled_from(STATUSES)),
        "about_incident": draw(st.sampled_from([False] * 5 + [True])),
        "world": draw(st.sampled_from([False] * 5 + [True])),
    }


STEPS = st.tuples(
    st.sampled_from(["value", "reject", "publish", "open_end", "delete"]),
    st.integers(min_value=0, max_value=30),
    st.sampled_from(VALUES),
)


def stored_groups(column: str) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for pk, group in ReportedFigure.objects.values_list("pk", column):
        if group:
            groups.setdefault(group, set()).add(pk)
    return {frozenset(group) for group in groups.values()}


def expected(kinds, published_on) -> tuple[set, set]:
    figures = list(ReportedFigure.objects.select_related("quote"))

    def kind_of(figure):
        return kinds[figure.metric_id]

    def published_of(figure):
        return published_on[figure.quote.source_id]

    staff = reference_rule.groups(figures, kind_of, published_of, lambda f: f.status != "rejected")
    public = reference_rule.groups(
        figures, kind_of, published_of, lambda f: f.status == "published"
    )
    return staff, public


def check(kinds, published_on) -> None:
    staff, public = expected(kinds, published_on)
    assert stored_groups("disagreement_id") == staff
    assert stored_groups("public_disagreement_id") == public
    disputed = set(
        ReportedFigure.objects.filter(publicly_disputed=True).values_list("pk", flat=True)
    )
    assert disputed == {pk for group in public for pk in group}
    assert Disagreement.objects.filter(public=False).count() == len(staff)
    assert Disagreement.objects.filter(public=True).count() == len(public)


@SETTINGS
@given(specs=st.lists(figure_specs(), min_size=1, max_size=14), steps=st.lists(STEPS, max_size=4))
def test_sql_regrouping_keeps_the_groups_the_rule_says(specs, steps, editor, reviewer):
    ReportedFigure.objects.all().delete()
    Disagreement.objects.all().delete()
    metrics = {
        kind: Metric.objects.get_or_create(
            slug=f"m-{kind}",
            defaults={
                "name_en": kind,
                "kind": kind,
                "unit_kind": "percent" if kind == "share" else "count",
            },
        )[0]
        for kind in ("events", "level", "share")
    }
    sources = [
        Source.objects.get_or_create(
            title=f"Source {n}",
            defaults={
                "text": "اعتقال 214 خلية",
                "published_on": published,
                "published_on_precision": "year" if published else "unknown",
            },
        )[0]
        for n, published in ((0, dt.date(2021, 1, 1)), (1, None))
    ]
    quotes = [Quote.objects.get_or_create(source=s, text="اعتقال 214 خلية")[0] for s in sources]
    incident, _ = Incident.objects.get_or_create(name_en="16 May 2003 attacks")
    world = Area.objects.get(code="world")
    kinds = {metric.pk: kind for kind, metric in metrics.items()}
    published_on = {s.pk: PartialDate.of(s, "published_on") for s in sources}

    created = ReportedFigure.objects.bulk_create(
        ReportedFigure(
            quote=quotes[spec.pop("source")],
            metric=metrics[spec.pop("metric")],
            unit="percent" if False else "count",
            created_by=editor,
            value_check_override="test",
            reviewed_by=reviewer if spec["status"] == "published" else None,
            reviewed_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
            if spec["status"] == "published"
            else None,
            incident=incident if spec.pop("about_incident") else None,
            area=world if spec.pop("world") else Area.objects.get(code="MA"),
            **spec,
        )
        for spec in specs
    )
    figures_changed([f.pk for f in created])
    check(kinds, published_on)

    for action, index, value in steps:
        figures = list(ReportedFigure.objects.order_by("pk"))
        if not figures:
            break
        figure = figures[index % len(figures)]
        if action == "delete":
            figures_delete(figures=ReportedFigure.objects.filter(pk=figure.pk))
        else:
            changes = {
                "value": {"value": Decimal(value), "value_max": None, "qualifier": "exact"},
                "reject": {"status": "rejected", "reviewed_by": reviewer},
                "publish": {
                    "status": "published",
                    "reviewed_by": reviewer,
                    "reviewed_at": dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
                },
                "open_end": {"period_end": None, "period_end_precision": "unknown"},
            }[action]
            ReportedFigure.objects.filter(pk=figure.pk).update(**changes)
            figures_changed([figure.pk])
        check(kinds, published_on)

    before = {
        f.pk: (f.disagreement_id, f.public_disagreement_id, f.updated_at)
        for f in ReportedFigure.objects.all()
    }
    figures_changed(list(before))
    after = {
        f.pk: (f.disagreement_id, f.public_disagreement_id, f.updated_at)
        for f in ReportedFigure.objects.all()
    }
    assert after == before
