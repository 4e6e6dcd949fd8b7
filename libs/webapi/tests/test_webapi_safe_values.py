"""Unsafe text and numbers are refused with 422 naming the field, never stored."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from shequ.contracts import Event
from shequ.webapi import RequestModel, install_problem_handlers

P = "https://shequ.example/problems/"


class Visit(RequestModel):
    name: str
    note: str = ""
    minutes: int = 0
    tags: tuple[str, ...] = ()


class VisitRecorded(Event):
    type: Literal["VisitRecorded"] = "VisitRecorded"
    name: str


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/visits")
    async def visit(body: Visit) -> Visit:
        return body

    @app.post("/events")
    async def event(body: dict[str, str]) -> None:
        VisitRecorded(name=body["name"])  # as a decider would, past a loose request

    return TestClient(
        app, raise_server_exceptions=False, headers={"Accept-Language": "en"}
    )


def _post(client: TestClient, path: str, text: str) -> tuple[int, Any]:
    response = client.post(
        path, content=text, headers={"content-type": "application/json"}
    )
    return response.status_code, response.json()


def test_a_nul_in_a_name_is_refused_naming_the_field(client: TestClient) -> None:
    status, body = _post(client, "/visits", '{"name": "李\\u0000四"}')

    assert (status, body["type"], body["errors"]) == (
        422,
        P + "invalid-request",
        [{"field": "body.name", "message": "contains the control character U+0000"}],
    )


def test_a_lone_surrogate_is_refused_not_a_server_error(client: TestClient) -> None:
    status, body = _post(client, "/visits", '{"name": "\\ud800"}')

    assert (status, body["errors"]) == (
        422,
        [{"field": "body.name", "message": "contains the control character U+D800"}],
    )


def test_a_control_character_inside_a_list_names_the_list(client: TestClient) -> None:
    status, body = _post(client, "/visits", '{"name": "李四", "tags": ["a\\u001b"]}')

    assert (status, [e["field"] for e in body["errors"]]) == (422, ["body.tags"])


def test_line_breaks_and_tabs_are_text(client: TestClient) -> None:
    status, body = _post(client, "/visits", '{"name": "李四", "note": "一\\n二\\t三"}')

    assert (status, body["note"]) == (200, "一\n二\t三")


def test_text_past_the_limit_is_refused(client: TestClient) -> None:
    status, body = _post(client, "/visits", '{"name": "' + "长" * 4001 + '"}')

    assert (status, body["errors"]) == (
        422,
        [{"field": "body.name", "message": "is longer than 4000 characters"}],
    )


def test_an_integer_past_the_exact_range_is_refused(client: TestClient) -> None:
    status, _ = _post(client, "/visits", '{"name": "李四", "minutes": 1e30}')
    huge, huge_body = _post(
        client, "/visits", '{"name": "李四", "minutes": ' + "9" * 30 + "}"
    )

    assert (status, huge, huge_body["errors"][0]["field"]) == (422, 422, "body.minutes")


def test_an_event_refusing_a_value_is_a_422_naming_its_field(
    client: TestClient,
) -> None:
    status, body = _post(client, "/events", '{"name": "李\\u0007四"}')

    assert (status, body["type"], body["errors"]) == (
        422,
        P + "invalid-value",
        [{"field": "name", "message": "contains the control character U+0007"}],
    )
