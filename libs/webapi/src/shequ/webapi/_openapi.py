"""Every route's OpenAPI operation lists the problems it can answer with.

Errors are ``application/problem+json`` (RFC 9457), rendered by one exception
handler, so FastAPI knows none of them: this fills them in once the routes are known.
What an operation can answer follows from what the document says it takes: a bearer
token (401, 403), ``If-Match`` (400 when malformed, 412 when stale, 428 when it is
required and missing), a body (400 when it cannot be parsed: FastAPI's answer to a
body that is not UTF-8), a path parameter (404), a body or parameters (422), a write
(409 on a conflict). Every operation may answer 500 and 503.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from shequ.webapi._problem import PROBLEM_MEDIA_TYPE

_WRITES = {"POST", "PUT", "PATCH", "DELETE"}
_DESCRIPTIONS = {
    400: "Malformed request: an If-Match header or a body that cannot be parsed",
    401: "Not authenticated",
    403: "Access denied",
    404: "Not found (or outside the reader's jurisdiction)",
    409: "Conflict: a duplicate or a concurrent change",
    412: "The record changed since the version in If-Match",
    428: "If-Match is required: send the version last read",
    422: "A field or a rule of the domain refused the request",
    500: "Unexpected error (logged)",
    503: "Not ready yet (a read model catching up, a server unavailable)",
}


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details; ``errors`` names each field at fault."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str
    errors: list[FieldError] = []


def _statuses(method: str, operation: dict[str, Any]) -> set[int]:
    parameters = operation.get("parameters", [])
    where = {(p.get("in"), p.get("name")) for p in parameters}
    statuses = {500, 503}
    if any(
        p.get("in") == "header"
        and str(p.get("name")).lower() == "if-match"
        and p.get("required")
        for p in parameters
    ):
        statuses.add(428)
    if operation.get("security"):  # a bearer token: current_actor
        statuses |= {401, 403}
    if ("header", "if-match") in {(w, str(n).lower()) for w, n in where}:
        statuses |= {400, 412}
    if any(w == "path" for w, _ in where):
        statuses.add(404)
    if "requestBody" in operation:
        statuses.add(400)
    if where or "requestBody" in operation:
        statuses.add(422)
    if method.upper() in _WRITES:
        statuses |= {409, 422}
    return statuses


def _problem_response(status: int) -> dict[str, Any]:
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        "description": _DESCRIPTIONS[status],
        "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}},
    }


def document_problems(app: FastAPI) -> None:
    """Make ``app.openapi()`` list every problem status of every operation."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        for operations in document.get("paths", {}).values():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                for status in sorted(_statuses(method, operation)):
                    responses[str(status)] = _problem_response(status)
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(problem.pop("$defs", {}))
        schemas["Problem"] = problem
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def answers_not_found(description: str) -> dict[int | str, dict[str, Any]]:
    """``responses=`` of a route answering 404 for a record its body or query names.

    A path parameter's 404 is documented without it (:func:`document_problems`).
    """
    return {404: _problem_response(404) | {"description": description}}
