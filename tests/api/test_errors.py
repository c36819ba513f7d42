"""Malformed parameters get a 400 that names them; nothing crashes."""

import base64
import json

import pytest

from .conftest import get, get_json


def cursor(value, pk) -> str:
    return base64.urlsafe_b64encode(json.dumps([value, pk]).encode()).decode().rstrip("=")


def errors(client, path: str, **params) -> dict:
    response = get(client, path, **params)
    assert response.status_code == 400, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()["errors"]


def test_a_malformed_value_gets_a_400_naming_it(client, world):
    assert errors(client, "figures/", value_min="lots") == {"value_min": ["Enter a number."]}


def test_every_malformed_parameter_is_named_at_once(client, world):
    found = errors(client, "figures/", value_min="lots", period_from="yesterday", per_page="0")
    assert set(found) == {"value_min", "period_from", "per_page"}


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("figures/", {"metric": "no-such-metric"}, "metric"),
        ("figures/", {"institution": "nobody"}, "institution"),
        ("figures/", {"cohort": "thirteen"}, "cohort"),
        ("figures/", {"source": "99999999999999999999999"}, "source"),
        ("figures/", {"language": "de"}, "language"),
        ("figures/", {"qualifier": "roughly"}, "qualifier"),
        ("figures/", {"value_min": "1e400"}, "value_min"),
        ("figures/", {"value_max": "-5"}, "value_max"),
        ("figures/", {"period_to": "2010-13-01"}, "period_to"),
        ("figures/", {"updated_since": "last week"}, "updated_since"),
        ("figures/", {"q": "x" * 500}, "q"),
        ("figures/", {"q": "nul\x00byte"}, "q"),
        ("figures/", {"publisher": "p" * 201}, "publisher"),
        ("figures/", {"sort": "password"}, "sort"),
        ("figures/", {"per_page": "100000"}, "per_page"),
        ("figures/", {"per_page": "ten"}, "per_page"),
        ("figures/", {"after": "not-a-cursor"}, "after"),
        ("figures/", {"before": "bm90LWEtY3Vyc29y"}, "before"),
        ("figures/", {"after": cursor("1e999999", 1), "sort": "value"}, "after"),
        ("figures/", {"after": cursor("99999999999999999999999", 1)}, "after"),
        ("figures/", {"after": cursor("2010-01-01", 5)}, "after"),  # a period cursor for -id
        ("figures/", {"after": cursor("5", 5), "before": cursor("5", 5)}, "before"),
        ("figures/", {"format": "csv"}, "format"),
        ("figures/", {"metrc": "cells-dismantled"}, "metrc"),
        ("figures/", {"updated_since": "0001-01-01T00:00:00+05:00"}, "updated_since"),
        ("figures/withdrawn/", {}, "updated_since"),
        ("figures/withdrawn/", {"updated_since": "0001-01-01T00:00:00+05:00"}, "updated_since"),
        ("disagreements/", {"updated_since": "0001-01-01T00:00:00+05:00"}, "updated_since"),
        ("metrics/", {"updated_since": "0001-01-01T00:00:00+05:00"}, "updated_since"),
        ("figures/withdrawn/", {"updated_since": "soon"}, "updated_since"),
        ("disagreements/", {"value_min": "many"}, "value_min"),
        ("disagreements/", {"sort": "value"}, "sort"),
        ("institutions/", {"updated_since": "2026-02-30"}, "updated_since"),
        ("institutions/", {"metric": "cells-dismantled"}, "metric"),
        ("sources/", {"after": "garbage"}, "after"),
        ("metrics/", {"q": "x" * 500}, "q"),
    ],
)
def test_each_malformed_or_unknown_parameter_is_refused_by_name(client, world, path, params, named):
    assert named in errors(client, path, **params)


@pytest.mark.parametrize("path", ["figures/", "figures/withdrawn/", "disagreements/", "laws/"])
@pytest.mark.parametrize(
    ("moment", "in_utc"),
    [
        ("0221-05-28T09:09:16+17:02", "0221-05-27T16:07:16.000000Z"),
        ("2020-01-01T00:00:00-16:00", "2020-01-01T16:00:00.000000Z"),
    ],
)
def test_a_time_with_an_offset_postgresql_would_refuse_is_read_in_utc(
    client, world, path, moment, in_utc
):
    answer = get_json(client, path, updated_since=moment)
    assert answer == get_json(client, path, updated_since=in_utc)  # the same instant
    if path == "figures/withdrawn/":
        assert answer["updated_since"] == in_utc
    else:
        assert answer["results"]  # every row of the world changed since then


def test_an_unknown_parameter_is_called_unknown(client, world):
    assert errors(client, "laws/", page="2") == {"page": ["Unknown parameter."]}


@pytest.mark.parametrize(
    "path",
    [
        "nothing-here/",
        "figures/not-an-id/",
        "figures/1/extra/",
        "institutions/a/b/",
        "laws/a%0Ab/",  # a newline in a slug
        "metrics/%C3%A9t%C3%A9/",
        "v2/figures/",
    ],
)
def test_an_unknown_path_under_the_api_is_a_json_404(client, world, path):
    response = get(client, path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_path_without_its_slash_is_redirected(client, world):
    response = get(client, "figures")
    assert response.status_code == 301 and response["Location"] == "/api/v1/figures/"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_the_api_is_read_only(client, world, method):
    response = getattr(client, method)("/api/v1/figures/")
    assert response.status_code == 405
    assert "detail" in response.json()
