"""Each operation's OpenAPI entry lists the problems it can answer, as problem+json."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from shequ.webapi import (
    CurrentActor,
    ExpectedVersion,
    RequestModel,
    document_problems,
    install_problem_handlers,
)


class Rename(RequestModel):
    name: str


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/persons")
    async def search(actor: CurrentActor, q: str = "") -> list[str]:
        return []

    @app.post("/offices/{code}/name")
    async def rename(
        code: str, body: Rename, actor: CurrentActor, version: ExpectedVersion
    ) -> dict[str, str]:
        return {}

    document_problems(app)
    return app


def _responses(document: dict[str, Any], path: str, method: str) -> list[str]:
    return sorted(document["paths"][path][method]["responses"])


def test_each_operation_lists_what_it_can_answer() -> None:
    document = _app().openapi()

    assert (
        _responses(document, "/health", "get"),
        _responses(document, "/persons", "get"),
        _responses(document, "/offices/{code}/name", "post"),
    ) == (
        ["200", "500", "503"],
        ["200", "401", "403", "422", "500", "503"],
        ["200", "400", "401", "403", "404", "409", "412", "422", "500", "503"],
    )


def test_problems_are_documented_as_problem_json() -> None:
    document = _app().openapi()
    refused = document["paths"]["/offices/{code}/name"]["post"]["responses"]["422"]

    assert refused["content"] == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    assert document["components"]["schemas"]["Problem"]["required"] == [
        "type",
        "title",
        "status",
        "instance",
    ]
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_an_operation_taking_a_body_lists_400_for_one_that_cannot_be_parsed() -> None:
    app = FastAPI()

    @app.post("/visits")
    async def visit(body: Rename) -> dict[str, str]:
        return {}

    document_problems(app)
    install_problem_handlers(app)
    # Not UTF-8: FastAPI answers 400 before the body is validated.
    answer = TestClient(app).post(
        "/visits", content=b"\xff\xfe{", headers={"Content-Type": "application/json"}
    )

    assert (answer.status_code, _responses(app.openapi(), "/visits", "post")) == (
        400,
        ["200", "400", "409", "422", "500", "503"],
    )
