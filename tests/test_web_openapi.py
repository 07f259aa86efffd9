"""A property-based run against the desk's OpenAPI document (schemathesis): every route,
with generated parameters and bodies, answers without a server error, and every error
answer has the one error shape."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from conftest import EXAMPLES
from storyline.flow.ingest import ingest, plan, refresh_stories
from storyline.settings import Settings
from storyline.store import Store
from storyline.web import create_app

#: Generated requests per operation: enough to reach the odd dates, cursors and ids,
#: few enough that the run takes seconds.
EXAMPLES_PER_ROUTE = 25


def _app(root: Path):  # type: ignore[no-untyped-def]
    path = root / "store.db"
    with Store.open(path) as store:
        ingest(plan([EXAMPLES / "text"]), store, Settings(db_path=str(path)))
        refresh_stories(store)
    return create_app(str(path), token="schemathesis-token")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    yield _app(tmp_path_factory.mktemp("openapi"))
    # schemathesis runs ASGI apps on an event-loop thread of its own, kept for the process;
    # end it, or later tests see a threaded process (flow.workers then starts no pool)
    from schemathesis.python import asgi

    asgi._shutdown()


def test_every_route_answers_without_a_server_error(app):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def answers(case):  # type: ignore[no-untyped-def]
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), \
                    (case.operation.label, response.status_code, body)

        answers()
