"""The OpenAPI document, generated from the code, and the documentation page."""

import re

import pytest
from django.urls import URLPattern
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from apps.api import schema, urls
from apps.figures.filters import FigureFilter

NOT_DOCUMENTED = {"openapi", "docs", "not-found"}


def served_document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def routed_paths() -> set[str]:
    """The API's routes written as OpenAPI paths: figures/<int:id>/ → /api/v1/figures/{id}/."""
    routes = set()
    for pattern in urls.urlpatterns:
        if isinstance(pattern, URLPattern) and pattern.name not in NOT_DOCUMENTED:
            route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
            routes.add(f"/api/v1/{route}")
    return routes


def operation(document: dict, path: str) -> dict:
    return document["paths"][path]["get"]


def test_the_openapi_document_is_valid_openapi_3(client, db):
    document = served_document(client)
    assert document["openapi"].startswith("3.")
    validate_schema(document)


def test_the_openapi_document_lists_every_endpoint(client, db):
    document = served_document(client)
    assert set(document["paths"]) == routed_paths()
    assert len(routed_paths()) == 17


def test_every_operation_is_a_get_with_its_errors_and_headers(client, db):
    for path, item in served_document(client)["paths"].items():
        assert set(item) == {"get"}, path
        responses = item["get"]["responses"]
        assert {"200", "304", "400", "429"} <= set(responses), path
        assert "RateLimit-Remaining" in responses["200"]["headers"], path
        assert "Retry-After" in responses["429"]["headers"], path
        if "{" in path:
            assert "404" in responses, path


@pytest.mark.parametrize("path", ["/api/v1/figures/", "/api/v1/disagreements/"])
def test_the_figure_filters_are_documented_under_their_public_names(client, db, path):
    documented = {p["name"] for p in operation(served_document(client), path)["parameters"]}
    assert set(FigureFilter.base_filters) <= documented


def test_the_change_feed_parameter_is_documented_as_a_date_and_time(client, db):
    parameters = operation(served_document(client), "/api/v1/figures/")["parameters"]
    (since,) = [p for p in parameters if p["name"] == "updated_since"]
    assert since["schema"] == {"type": "string", "format": "date-time"}


def test_the_figure_rows_are_documented_with_the_export_columns(client, db):
    from apps.figures.columns import COLUMN_NAMES

    document = served_document(client)
    assert list(document["components"]["schemas"]["FigureRow"]["properties"]) == COLUMN_NAMES


def test_the_change_feed_is_explained_in_the_description(client, db):
    description = served_document(client)["info"]["description"]
    assert "updated_since" in description and "/figures/withdrawn/" in description


def test_the_document_is_generated_without_warnings(capsys, db):
    schema.document_in.__wrapped__("en")
    SchemaGenerator().get_schema(request=None, public=True)  # as `check --deploy` makes it
    assert "Warning" not in capsys.readouterr().err


def test_the_documentation_page_lists_every_endpoint_with_no_script(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for path in routed_paths():
        assert f"GET {path}" in html
    assert "<script" not in html
    assert not re.search(r'(src|href)="https?://', html)  # nothing from another site
    assert "<code>value_min</code>" in html and "Arabic-aware" in html
