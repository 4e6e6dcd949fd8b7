"""A change that depends on what the client saw requires If-Match: 428 without it."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from shequ.webapi import RequiredVersion, document_problems, install_problem_handlers

P = "https://shequ.example/problems/"
HINT = 'send the version you last read (its ETag) in If-Match, e.g. If-Match: "7"'


@pytest.fixture
def app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/persons/{person_id}/corrections")
    async def correct(person_id: str, version: RequiredVersion) -> int:
        return version

    document_problems(app)
    return app


def test_without_if_match_the_change_is_refused_with_428(app: FastAPI) -> None:
    response = TestClient(app, headers={"Accept-Language": "en"}).post(
        "/persons/p-1/corrections"
    )

    assert (response.status_code, response.json()) == (
        428,
        {
            "type": P + "if-match-required",
            "title": "If-Match required",
            "status": 428,
            "detail": HINT,
            "instance": "/persons/p-1/corrections",
            "errors": [{"field": "header.If-Match", "message": HINT}],
        },
    )


def test_with_if_match_the_route_gets_the_version(app: FastAPI) -> None:
    response = TestClient(app, headers={"Accept-Language": "en"}).post(
        "/persons/p-1/corrections", headers={"If-Match": 'W/"7"'}
    )

    assert (response.status_code, response.json()) == (200, 7)


def test_the_document_says_if_match_is_required_and_428_possible(app: FastAPI) -> None:
    operation = app.openapi()["paths"]["/persons/{person_id}/corrections"]["post"]

    assert [p["required"] for p in operation["parameters"] if p["in"] == "header"] == [
        True
    ]
    assert "428" in operation["responses"]
