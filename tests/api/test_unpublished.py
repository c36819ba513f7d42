"""Drafts, figures in review and rejected figures never appear, on any endpoint."""

import pytest

from .conftest import PUBLISHED, UNPUBLISHED, get, get_json, ids, walk

UNPUBLISHED_VALUES = {500, 9999, 3300}  # only the unpublished figures say these


def figures_in(body) -> list[dict]:
    """Every figure-like object (it has a qualifier) anywhere in a response."""
    if isinstance(body, list):
        return [found for item in body for found in figures_in(item)]
    if not isinstance(body, dict):
        return []
    own = [body] if "qualifier" in body else []
    return own + [found for value in body.values() for found in figures_in(value)]


def everything(client, world) -> list[dict]:
    """The bodies of every endpoint, with parameters that would match the unpublished ones."""
    bodies = []
    for params in ({}, {"q": "مشروع"}, {"value_min": "400"}, {"disputed": "true"}):
        bodies += walk(client, "figures/", **params)
        bodies += walk(client, "disagreements/", **params)
    for pk in ids(world, *PUBLISHED):
        bodies.append(get_json(client, f"figures/{pk}/"))
    for path in ("sources/", "institutions/", "programmes/", "laws/", "incidents/", "metrics/"):
        bodies += walk(client, path)
    return bodies


def test_no_endpoint_shows_an_unpublished_figure(client, world):
    shown = figures_in(everything(client, world))
    assert shown, "the walk must see figures at all"
    assert {figure["id"] for figure in shown} <= ids(world, *PUBLISHED)
    assert not {figure["value"] for figure in shown} & UNPUBLISHED_VALUES


@pytest.mark.parametrize("name", UNPUBLISHED)
def test_an_unpublished_figure_is_not_found_by_id(client, world, name):
    response = get(client, f"figures/{world[name].pk}/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("name", UNPUBLISHED)
def test_no_filter_reaches_an_unpublished_figure(client, world, name):
    figure = world[name]
    params = {
        "metric": figure.metric.slug,
        "value_min": str(figure.value),
        "source": figure.quote.source_id,
    }
    assert walk(client, "figures/", **params) == []


def test_the_withdrawn_feed_never_names_a_figure_that_was_never_published(client, world):
    body = get_json(client, "figures/withdrawn/", updated_since="2000-01-01")
    assert body["withdrawn"] == []


def test_counts_leave_unpublished_figures_out(client, world):
    cells = get_json(client, "metrics/cells-dismantled/")
    assert cells["published_count"] == 3  # not the draft nor the figure in review
    deaths_source = get_json(client, f"sources/{world['sources'][2].pk}/")
    assert deaths_source["published_count"] == 1  # not the rejected one
