"""Exception handlers that turn every error a service raises into problem+json.

Domain refusals (``DomainError``) are 422, unknown records 404, duplicates and stale
writes 409 (412 when the version came from ``If-Match``), authentication 401, access
403. Anything unexpected is logged and answered with a bare 500 so no internals leak.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from shequ.access import AccessDenied, NotAuthenticated
from shequ.contracts.errors import Conflict, DomainError, NotFound, NotYet
from shequ.eventstore._errors import (
    ConcurrencyError,
    EventSchemaError,
    EventStoreError,
    StreamNotFound,
    UnknownEventType,
)
from shequ.webapi._problem import Problem

_log = logging.getLogger("shequ.webapi")

_HANDLED = (
    Problem,
    DomainError,
    EventStoreError,
    NotAuthenticated,
    AccessDenied,
    RequestValidationError,
    ValidationError,
    HTTPException,
    Exception,
)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error raised while handling a request with problem+json."""
    for error_type in _HANDLED:
        app.add_exception_handler(error_type, _handle)


async def _handle(request: Request, error: Exception) -> Response:
    return problem_for(request, error).response(request.url.path)


# One return per kind of error: a dispatch table reads best as one match.
def problem_for(request: Request, error: Exception) -> Problem:  # noqa: PLR0911
    """The problem that answers ``error`` raised while handling ``request``."""
    match error:
        case Problem():
            return error
        case DomainError():
            return _refusal(error)
        case EventStoreError() if store_problem := _store(error, request):
            return store_problem
        case NotAuthenticated():
            return Problem(
                401,
                "Not authenticated",
                error.reason,
                slug="not-authenticated",
                headers={"WWW-Authenticate": "Bearer"},
            )
        case AccessDenied():
            return Problem(403, "Access denied", error.reason, slug="access-denied")
        case RequestValidationError():
            return _invalid_request(error)
        case ValidationError():
            return _invalid_value(error)
        case HTTPException():
            return _http(error)
    _log.error(
        "unhandled error on %s %s", request.method, request.url.path, exc_info=error
    )
    return Problem(500, detail="An unexpected error occurred; it has been logged.")


def _refusal(error: DomainError) -> Problem:
    if isinstance(error, NotYet):
        return Problem(
            503,
            "Not yet",
            error.message,
            slug=error.code,
            field=error.field,
            headers={"Retry-After": "1"},
        )
    status = 422
    if isinstance(error, NotFound | Conflict):
        status = 404 if isinstance(error, NotFound) else 409
    title = error.code.replace("-", " ").capitalize()
    return Problem(status, title, error.message, slug=error.code, field=error.field)


def _store(error: EventStoreError, request: Request) -> Problem | None:
    detail = str(error)
    match error:
        case ConcurrencyError() if "if-match" in request.headers:
            return Problem(412, "Precondition failed", detail, slug="stale-if-match")
        case ConcurrencyError():
            return Problem(409, "Concurrent change", detail, slug="concurrent-change")
        case StreamNotFound():
            return Problem(404, "Not found", detail, slug="not-found")
        case UnknownEventType():
            return Problem(422, "Unknown event type", detail, slug="unknown-event-type")
        case EventSchemaError():
            return Problem(
                422,
                "Event schema violated",
                detail,
                slug="event-schema",
                errors=error.errors,
            )
    return None  # a store failure with no meaning to the client: a logged 500


def _http(error: HTTPException) -> Problem:
    detail: str | None = error.detail if isinstance(error.detail, str) else None
    # Starlette's default detail is the status phrase, which the title already says.
    if detail == HTTPStatus(error.status_code).phrase:
        detail = None
    return Problem(error.status_code, None, detail, headers=error.headers)


def _invalid_request(error: RequestValidationError) -> Problem:
    if any(
        e["type"] == "missing" and tuple(e["loc"]) == ("header", "if-match")
        for e in error.errors()
    ):
        return Problem(
            428,
            "If-Match required",
            'send the version you last read (its ETag) in If-Match, e.g. If-Match: "7"',
            slug="if-match-required",
            field="header.If-Match",
        )
    errors = [
        {"field": ".".join(str(part) for part in e["loc"]), "message": e["msg"]}
        for e in error.errors()
    ]
    fields = ", ".join(e["field"] for e in errors)
    return Problem(
        422,
        "Invalid request",
        f"invalid: {fields}",
        slug="invalid-request",
        errors=errors,
    )


def _invalid_value(error: ValidationError) -> Problem:
    # A model built by a handler (an event, most often) refused a value the request
    # models let through: still the client's input, so 422 naming the field.
    errors = [
        {"field": _field_of(e), "message": e["msg"]}
        for e in error.errors(include_input=False)
    ]
    fields = ", ".join(e["field"] for e in errors)
    return Problem(
        422, "Invalid value", f"invalid: {fields}", slug="invalid-value", errors=errors
    )


def _field_of(error: Any) -> str:
    named = (error.get("ctx") or {}).get("field")
    return str(named) if named else ".".join(map(str, error["loc"])) or "body"
