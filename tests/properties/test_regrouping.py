"""PostgreSQL regroups disagreements exactly as the rule written in Python says.

``provenance.conflicting_groups`` states the rule (chains of overlapping
periods whose qualified values cannot all be true); ``refresh_partitions``
applies it in SQL. Whatever figures a partition holds — every qualifier,
periods known to the day, month or year or not at all, any status — both
find the same groups, whatever an earlier regrouping left; a group keeps the
disagreement its figures already shared; the public mark follows the
published figures alone; rejected figures are in no group; and a second
regrouping changes nothing.
"""

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from apps.figures.models import Disagreement, ReportedFigure
from apps.figures.provenance import conflicting_groups, refresh_partitions
from apps.registry.models import Incident
from apps.sources.models import Quote

SETTINGS = hypothesis_settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

QUALIFIERS = [q for q, _label in ReportedFigure.Qualifier.choices]
STATUSES = [s for s, _label in ReportedFigure.Status.choices]


# Few days, so that periods often end the very day another starts.
DAYS = [dt.date(2001, 12, 31), dt.date(2002, 1, 1), dt.date(2002, 5, 16), dt.date(2002, 5, 31)]
DAYS += [dt.date(2002, 12, 31), dt.date(2003, 1, 1), dt.date(2003, 5, 16), dt.date(2004, 2, 29)]


@st.composite
def partial_dates(draw):
    precision = draw(st.sampled_from(["day", "month", "year", "unknown"]))
    if precision == "unknown":
        return None, precision
    day = draw(st.sampled_from(DAYS))
    if precision == "year":
        day = day.replace(month=1, day=1)
    elif precision == "month":
        day = day.replace(day=1)
    return day, precision


@st.composite
def figures(draw):
    qualifier = draw(st.sampled_from(QUALIFIERS))
    value = Decimal(draw(st.sampled_from([0, 18, 20, 22, 200, 214, 220, 2009])))
    value_max = value + draw(st.sampled_from([0, 2, 14, 200])) if qualifier == "range" else None
    start, end = draw(partial_dates()), draw(partial_dates())
    if start[0] and end[0] and end[0] < start[0]:
        start, end = end, start
    return {
        "qualifier": qualifier,
        "value": value,
        "value_max": value_max,
        "period_start": start[0],
        "period_start_precision": start[1],
        "period_end": end[0],
        "period_end_precision": end[1],
        "status": draw(st.sampled_from(STATUSES)),
        "about_incident": draw(st.booleans()),
        # What an earlier regrouping left, right or stale.
        "earlier_disagreement": draw(st.sampled_from([None, 0, 1, 2])),
        "publicly_disputed": draw(st.booleans()),
    }


def groups_by_disagreement(figures) -> set[frozenset]:
    groups: dict[int, set] = {}
    for figure in figures:
        if figure.disagreement_id:
            groups.setdefault(figure.disagreement_id, set()).add(figure.pk)
    return {frozenset(group) for group in groups.values()}


@SETTINGS
@given(specs=st.lists(figures(), min_size=1, max_size=25))
def test_sql_regrouping_finds_the_groups_the_python_rule_finds(
    specs, make_quote, cells, editor, reviewer
):
    ReportedFigure.objects.all().delete()
    Disagreement.objects.all().delete()
    quote = Quote.objects.first() or make_quote("اعتقال 214 خلية إرهابية")
    incident, _ = Incident.objects.get_or_create(name_en="16 May 2003 attacks")
    earlier = Disagreement.objects.bulk_create(Disagreement(metric=cells) for _ in range(3))
    for spec in specs:
        index = spec.pop("earlier_disagreement")
        spec["disagreement"] = None if index is None else earlier[index]
    created = ReportedFigure.objects.bulk_create(
        ReportedFigure(
            quote=quote,
            metric=cells,
            created_by=editor,
            value_check_override="test",
            reviewed_by=reviewer if spec["status"] == "published" else None,
            reviewed_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
            if spec["status"] == "published"
            else None,
            incident=incident if spec.pop("about_incident") else None,
            **spec,
        )
        for spec in specs
    )
    partitions = {(f.metric_id, f.subject) for f in created}

    refresh_partitions(partitions)

    stored = list(ReportedFigure.objects.all())
    expected_groups, expected_disputed = set(), set()
    for subject in {f.subject for f in stored}:
        members = [f for f in stored if f.subject == subject]
        standing = [f for f in members if f.status != "rejected"]
        published = [f for f in members if f.status == "published"]
        expected_groups |= {frozenset(f.pk for f in g) for g in conflicting_groups(standing)}
        expected_disputed |= {f.pk for g in conflicting_groups(published) for f in g}
    assert groups_by_disagreement(stored) == expected_groups
    assert {f.pk for f in stored if f.publicly_disputed} == expected_disputed
    assert Disagreement.objects.count() == len(expected_groups)
    # A group whose figures were all, and alone, in one disagreement keeps it.
    had = {f.pk: f.disagreement_id for f in created}
    for figure in stored:
        members = {f.pk for f in stored if f.disagreement_id == figure.disagreement_id}
        before = {had[pk] for pk in members}
        holders = {pk for pk, disagreement in had.items() if disagreement in before}
        if (
            figure.disagreement_id
            and len(before) == 1
            and None not in before
            and holders == members
        ):
            assert figure.disagreement_id == before.pop()

    before = {f.pk: (f.disagreement_id, f.updated_at) for f in stored}
    refresh_partitions(partitions)
    assert {f.pk: (f.disagreement_id, f.updated_at) for f in ReportedFigure.objects.all()} == before
