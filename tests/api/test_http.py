"""Caching by ETag, and the per-client rate limit with its headers."""

import pytest

from .conftest import get

PATHS = [
    "figures/",
    "figures/withdrawn/?updated_since=2020-01-01T00:00:00Z",
    "disagreements/",
    "sources/",
    "institutions/",
    "institutions/dgsn/",
    "programmes/",
    "laws/",
    "incidents/",
    "metrics/",
    "metrics/deaths/",
    "openapi.json",
    "docs/",
]


@pytest.mark.parametrize("path", PATHS)
def test_a_matching_etag_gets_a_304_without_a_body(client, world, path):
    first = client.get(f"/api/v1/{path}")
    assert first.status_code == 200 and first["ETag"]
    again = client.get(f"/api/v1/{path}", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_the_etag_changes_when_the_data_does(client, world):
    before = get(client, "figures/")["ETag"]
    world["deaths"].notes = "checked again"
    world["deaths"].save()
    response = client.get("/api/v1/figures/", headers={"if-none-match": before})
    assert response.status_code == 200 and response["ETag"] != before


def test_successful_answers_may_be_cached_for_a_while(client, world, settings):
    settings.CTDB_API_MAX_AGE = 30
    cache_control = get(client, "figures/")["Cache-Control"]
    assert "public" in cache_control and "max-age=30" in cache_control
    refused = get(client, "figures/", value_min="x")
    assert "max-age" not in refused.get("Cache-Control", "")


def test_every_answer_carries_the_rate_limit_headers(client, world, rate):
    rate("5/min")
    answers = [get(client, "figures/"), get(client, "figures/?nope=1"), get(client, "laws/none/")]
    assert [a.status_code for a in answers] == [200, 400, 404]
    assert [a["RateLimit-Remaining"] for a in answers] == ["4", "3", "2"]
    assert all(a["RateLimit-Limit"] == "5" for a in answers)
    assert all(0 < int(a["RateLimit-Reset"]) <= 60 for a in answers)
    assert answers[0]["RateLimit-Policy"] == "5;w=60"


def test_over_the_limit_a_client_gets_a_429_with_retry_after(client, world, rate):
    rate("2/min")
    assert [get(client, "metrics/").status_code for _ in range(2)] == [200, 200]
    refused = get(client, "metrics/")
    assert refused.status_code == 429
    assert "throttled" in refused.json()["detail"]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["RateLimit-Remaining"] == "0"
    assert refused["RateLimit-Limit"] == "2"


def metric_slugs(response) -> set[str]:
    assert response.status_code == 200, response.content[:500]
    return {metric["slug"] for metric in response.json()["results"]}


def throttled(response) -> bool:
    return response.status_code == 429 and "throttled" in response.json()["detail"]


def test_clients_are_counted_apart_by_address(client, world, rate):
    rate("1/min")
    assert "deaths" in metric_slugs(get(client, "metrics/"))
    assert throttled(get(client, "metrics/"))
    other = client.get("/api/v1/metrics/", REMOTE_ADDR="10.0.0.2")
    assert "deaths" in metric_slugs(other) and other["RateLimit-Remaining"] == "0"


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, world, rate):
    rate("1/min")
    assert "deaths" in metric_slugs(get(client, "metrics/"))
    assert throttled(client.get("/api/v1/metrics/", headers={"x-forwarded-for": "203.0.113.9"}))


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, world, rate, settings):
    rate("1/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    first = client.get("/api/v1/metrics/", headers={"x-forwarded-for": "203.0.113.9"})
    second = client.get("/api/v1/metrics/", headers={"x-forwarded-for": "203.0.113.10"})
    assert metric_slugs(first) == metric_slugs(second) != set()
    assert first["RateLimit-Remaining"] == second["RateLimit-Remaining"] == "0"


def test_head_answers_like_get_without_a_body(client, world):
    response = client.head("/api/v1/figures/")
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"] == get(client, "figures/")["ETag"]
