"""The OpenAPI schema at /api/schema/, its docs page, and a bounded schemathesis run against it through the WSGI
application: every operation, 20 generated requests each with a real token, no server error and every answer
as the schema says."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.api.factories import token
from tests.events.factories import EventFactory
from tests.members.factories import PersonFactory

EXAMPLES_PER_OPERATION = 20


def test_the_schema_lists_every_operation(client: Client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    operations = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert ("/api/v2/people/", "post") in operations and ("/api/v2/tags/{id}/taggings/", "post") in operations
    assert len(operations) == 13
    assert schema["components"]["securitySchemes"]["OsdiToken"]["name"] == "OSDI-API-Token"


def test_the_docs_page_renders_the_schema(client: Client) -> None:
    page = client.get("/api/docs/").content.decode()
    assert "POST /api/v2/people/" in page and "/api/schema/" in page


def _examples(operation: Any, secret: str, failures: list[str], sent: list[int]) -> Any:
    """Hypothesis runs of one operation; a failing check is written to `failures` before hypothesis shrinks it."""
    label = f"{operation.method.upper()} {operation.path}"

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        sent.append(1)
        try:
            # Called through WSGI, where nothing undoes the gzip an HTTP client would: ask for the body as is.
            case.call_and_validate(headers={"OSDI-API-Token": secret, "Accept-Encoding": "identity"},
                                   checks=[not_a_server_error, response_schema_conformance])
        except Exception as error:
            failures.append(f"{label}: {str(error)[:400]}")
            raise

    return run


@pytest.mark.django_db
def test_schemathesis_finds_no_server_error_and_no_schema_violation(coalition_admin: Any, regions: Any) -> None:
    secret = token(coalition_admin)[1]
    for _ in range(3):
        PersonFactory()
    EventFactory()
    # As Django's test client does: neither end of a request may close the test's own connection.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    failures: list[str] = []
    sent: list[int] = []
    try:
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == 13
        for operation in operations:
            try:
                _examples(operation, secret, failures, sent)()
            except Exception:
                if not failures:
                    raise  # not a finding of the checks: the run itself broke
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)
    assert not failures, "\n".join(failures[:10])
    assert len(sent) >= 5 * len(operations)
