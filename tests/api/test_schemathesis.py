"""Schemathesis against the API's OpenAPI description: generated requests to every
operation, over a small published world, must get no server error and no answer
that breaks the description (status, content type, headers, body).

The description is the one /api/v1/openapi.json serves (test_openapi checks
that), loaded with ``from_dict`` because the test database does not exist yet
when tests are collected; the requests go through the site's WSGI application.
Each operation gets 25 generated requests, valid and invalid ones; the
coverage phase (every boundary of every parameter) is left to manual runs,
as it alone takes longer than the rest of the API suite.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from apps.api.schema import document_in

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})

schema = schemathesis.openapi.from_dict(document_in("en"), config=CONFIG)
schema.app = get_wsgi_application()


@pytest.fixture
def in_test_transaction():
    """Serve WSGI requests inside the test's transaction, as Django's test client does:
    a finished request must not close the connection that holds the test data."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def served(world, rate, in_test_transaction):
    """The small published world, with a rate limit the generated requests stay under."""
    rate("1000000/min")
    return world


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_openapi_description(case, served):
    case.call_and_validate(checks=CHECKS)
