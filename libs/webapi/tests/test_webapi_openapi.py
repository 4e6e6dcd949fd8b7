"""Each operation's OpenAPI entry lists the problems it can answer, as problem+json."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from shequ.webapi import CurrentActor, ExpectedVersion, RequestModel, document_problems


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
