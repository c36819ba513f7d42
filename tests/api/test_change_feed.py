"""Keeping a copy in sync: updated_since on every list, and the withdrawn figures."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.figures.models import ReportedFigure
from apps.figures.services import figure_record_edit

from .conftest import get_json, walk


def changed(client, path: str, since: dt.datetime, key: str = "id") -> set:
    return {row[key] for row in walk(client, path, updated_since=since.isoformat())}


def withdrawn(client, since: dt.datetime) -> list[int]:
    body = get_json(client, "figures/withdrawn/", updated_since=since.isoformat())
    return body["withdrawn"]


def publish(figure: ReportedFigure, reviewer) -> None:
    figure.status = ReportedFigure.Status.PUBLISHED
    figure.reviewed_by, figure.reviewed_at = reviewer, timezone.now()
    figure.save()


def test_updated_since_lists_the_figures_changed_since_then(client, world):
    since = timezone.now()
    world["deaths"].notes = "checked again"
    world["deaths"].save()
    assert changed(client, "figures/", since) == {world["deaths"].pk}
    assert changed(client, "figures/", since + dt.timedelta(hours=1)) == set()


def test_a_time_with_an_offset_means_the_same_instant(client, world):
    since = timezone.now()
    renote(world["deaths"])
    in_utc = since.astimezone(dt.UTC).isoformat()
    in_tokyo = since.astimezone(dt.timezone(dt.timedelta(hours=9))).isoformat()
    assert changed_at(client, in_utc) == changed_at(client, in_tokyo) == {world["deaths"].pk}


def changed_at(client, moment: str) -> set[int]:
    return {row["id"] for row in walk(client, "figures/", updated_since=moment)}


def test_a_figure_published_since_then_is_listed_as_changed_not_withdrawn(client, world, reviewer):
    since = timezone.now()
    publish(world["in_review"], reviewer)
    assert changed(client, "figures/", since) == {world["in_review"].pk}
    assert withdrawn(client, since) == []


def test_figures_that_leave_publication_are_listed_as_withdrawn(client, world, editor):
    since = timezone.now()
    figure_record_edit(figure=world["prosecuted"], user=editor)  # back to review
    deleted = world["formula"].pk
    world["formula"].delete()
    assert withdrawn(client, since) == sorted([world["prosecuted"].pk, deleted])
    assert changed(client, "figures/", since) == set()  # neither is published any more
    assert withdrawn(client, since + dt.timedelta(hours=1)) == []


def test_a_figure_that_was_never_published_is_never_listed_as_withdrawn(client, world, reviewer):
    since = timezone.now()
    figure = world["draft"]
    figure.status = ReportedFigure.Status.REJECTED
    figure.reviewed_by, figure.reviewed_at = reviewer, timezone.now()
    figure.save()
    assert withdrawn(client, since) == []


def test_a_date_alone_means_midnight_in_the_sites_time_zone(client, world):
    day = dt.date(2026, 1, 15)
    body = get_json(client, "figures/withdrawn/", updated_since=day.isoformat())
    midnight = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    assert body["updated_since"].endswith("Z")  # given back in UTC
    assert dt.datetime.fromisoformat(body["updated_since"]) == midnight


@pytest.mark.parametrize(
    ("path", "key", "change", "expected"),
    [
        ("institutions/", "slug", lambda w: rename(w["dgsn"]), {"dgsn"}),
        ("programmes/", "slug", lambda w: renote(w["cohort"]), {"moussalaha"}),
        ("laws/", "slug", lambda w: rename(w["law"]), {"law-03-03"}),
        ("incidents/", "slug", lambda w: rename(w["attack"]), {"casablanca-2003"}),
        ("metrics/", "slug", lambda w: rename(w["cells"]), {"cells-dismantled"}),
        ("sources/", "title", lambda w: retitle(w["sources"][1]), {"Article B, revised"}),
        # Through their published figures: a figure changed.
        ("institutions/", "slug", lambda w: renote(w["cells_214"]), {"dgsn"}),
        ("programmes/", "slug", lambda w: renote(w["beneficiaries"]), {"moussalaha"}),
        ("metrics/", "slug", lambda w: renote(w["deaths"]), {"deaths"}),
        ("sources/", "title", lambda w: renote(w["deaths"]), {"Le bilan"}),
        # A change to an unpublished figure says nothing.
        ("metrics/", "slug", lambda w: renote(w["draft"]), set()),
        ("incidents/", "slug", lambda w: renote(w["rejected"]), set()),
    ],
)
def test_entity_lists_list_what_changed_itself_or_through_its_figures(
    client, world, path, key, change, expected
):
    since = timezone.now()
    change(world)
    assert changed(client, path, since, key) == expected


def test_a_withdrawn_figure_lists_what_it_named_as_changed(client, world, editor):
    since = timezone.now()
    figure_record_edit(figure=world["prosecuted"], user=editor)
    assert changed(client, "laws/", since, "slug") == {"law-03-03"}
    assert changed(client, "institutions/", since, "slug") == {"dgsn"}
    assert get_json(client, "laws/law-03-03/")["published_count"] == 0


def test_disagreements_changed_since_are_those_with_a_published_member_changed(client, world):
    since = timezone.now()
    assert changed(client, "disagreements/", since) == set()
    renote(world["cells_200"])
    world["cells_200"].refresh_from_db()
    assert changed(client, "disagreements/", since) == {world["cells_200"].public_disagreement_id}


def test_a_mirror_kept_by_the_feed_matches_a_fresh_copy(client, world, editor, reviewer):
    mirror = {row["id"]: row for row in walk(client, "figures/")}
    since = timezone.now()
    renote(world["deaths"])
    publish(world["in_review"], reviewer)
    figure_record_edit(figure=world["prosecuted"], user=editor)
    for row in walk(client, "figures/", updated_since=since.isoformat()):
        mirror[row["id"]] = row
    for pk in withdrawn(client, since):
        mirror.pop(pk, None)
    assert mirror == {row["id"]: row for row in walk(client, "figures/")}


def rename(record) -> None:
    record.name_en = f"{record.name_en} (renamed)"
    record.save()


def renote(record) -> None:
    record.notes = "checked again"
    record.save()


def retitle(source) -> None:
    source.title = f"{source.title}, revised"
    source.save()
