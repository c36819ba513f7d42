"""/api/v1/disagreements/: groups of published figures that cannot all be true."""

import datetime as dt

from apps.figures.models import Metric

from .conftest import get, get_json, ids, walk


def test_a_disagreement_lists_its_published_members_with_their_values(client, world):
    (group,) = walk(client, "disagreements/")
    assert group["metric"] == "cells-dismantled"
    assert [(row["id"], row["value"]) for row in group["figures"]] == [
        (world["formula"].pk, 17),
        (world["cells_200"].pk, 200),
        (world["cells_214"].pk, 214),
    ]
    assert {row["qualifier"] for row in group["figures"]} == {"exact", "more_than"}
    assert all(row["disagreement_id"] == group["id"] for row in group["figures"])


def test_a_disagreement_is_found_by_its_id(client, world):
    (group,) = walk(client, "disagreements/")
    assert get_json(client, f"disagreements/{group['id']}/") == group


def test_a_group_that_conflicts_only_through_an_unpublished_figure_is_not_shown(
    client, world, make_figure
):
    source = world["sources"][0]
    metric = Metric.objects.create(slug="plots-foiled", name_en="Plots foiled")
    period = {"period_start": dt.date(2002, 1, 1), "period_start_precision": "year"}
    period |= {"period_end": dt.date(2021, 1, 1), "period_end_precision": "year"}
    agreeing = make_figure(
        source, "أكثر من 500 مشروع إرهابي", metric, 500, qualifier="more_than", **period
    )
    make_figure(
        source, "أكثر من 500 مشروع إرهابي", metric, 600, value_check_override="x", **period
    )  # agrees: more than 500
    make_figure(source, "اعتقال 214 خلية إرهابية", metric, 214, status="in_review", **period)
    agreeing.refresh_from_db()
    assert agreeing.disagreement_id is not None  # grouped through the figure in review
    assert {group["metric"] for group in walk(client, "disagreements/")} == {"cells-dismantled"}
    response = get(client, f"disagreements/{agreeing.disagreement_id}/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_the_figure_filters_pick_groups_with_a_matching_member(client, world):
    assert len(walk(client, "disagreements/", metric="cells-dismantled")) == 1
    assert walk(client, "disagreements/", metric="deaths") == []
    (group,) = walk(client, "disagreements/", value_max="20")  # only 17 matches
    assert {row["id"] for row in group["figures"]} == ids(
        world, "cells_214", "cells_200", "formula"
    )
    assert len(walk(client, "disagreements/", q="ارهابيه")) == 1
