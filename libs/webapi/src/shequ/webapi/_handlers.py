"""Exception handlers that turn every error a service raises into problem+json.

Domain refusals (``DomainError``) are 422, unknown records 404, duplicates and stale
writes 409 (412 when the version came from ``If-Match``), authentication 401, access
403. The database out of reach for a moment (a failover, a restart) is 503 with
Retry-After: the client retries under the same Idempotency-Key, and one log line says
so rather than a traceback per request. Anything unexpected is logged and answered
with a bare 500 so no internals leak.
Every body is in the language the request's ``Accept-Language`` prefers (Chinese
unless it asks for English).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from shequ.access import AccessDenied, NotAuthenticated
from shequ.contracts.errors import Conflict, DomainError, NotFound, NotYet
from shequ.contracts.messages import N_
from shequ.eventstore._errors import (
    ConcurrencyError,
    EventSchemaError,
    EventStoreError,
    StreamNotFound,
    UnknownEventType,
)
from shequ.i18n import negotiate
from shequ.webapi._problem import FieldProblem, Problem
from shequ.webapi._validation import field_problem

_log = logging.getLogger("shequ.webapi")

# What a request meets while the database is out of reach: the connection refused or
# reset, lost mid-statement (class 08), the server shutting down or starting up
# (57P01, 57P03: class 57), or no host of a multi-host URL writable yet. Not every
# OSError: a file that cannot be read is a fault of ours (500), not a moment's wait.
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    ConnectionError,
    asyncpg.PostgresConnectionError,
    asyncpg.OperatorInterventionError,
    asyncpg.TargetServerAttributeNotMatched,
)

_HANDLED = (
    *DATABASE_UNAVAILABLE,
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
    language = negotiate(request.headers.get("accept-language"))
    problem = problem_for(request, error)
    await problem.name_offices(getattr(request.app.state, "office_names", None))
    return problem.response(request.url.path, language)


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
                N_("Not authenticated"),
                error.template,
                slug="not-authenticated",
                headers={"WWW-Authenticate": "Bearer"},
                params=error.params,
            )
        case AccessDenied():
            return Problem(
                403,
                N_("Access denied"),
                error.template,
                slug="access-denied",
                params=error.params,
            )
        case RequestValidationError():
            return _invalid_request(error)
        case ValidationError():
            return _invalid_value(error)
        case HTTPException():
            return _http(error)
        case _ if isinstance(error, DATABASE_UNAVAILABLE):
            return _database_unavailable(request, error)
    _log.error(
        "unhandled error on %s %s", request.method, request.url.path, exc_info=error
    )
    return Problem(500, detail=N_("An unexpected error occurred; it has been logged."))


def _database_unavailable(request: Request, error: Exception) -> Problem:
    _log.warning(
        "database unavailable on %s %s: %s: %s",
        request.method,
        request.url.path,
        type(error).__name__,
        error,
    )
    return Problem(
        503,
        N_("Database unavailable"),
        N_(
            "The database cannot be reached for a moment; retry the request with "
            "the same Idempotency-Key."
        ),
        slug="database-unavailable",
        headers={"Retry-After": "1"},
    )


def _refusal(error: DomainError) -> Problem:
    status = 422
    headers: dict[str, str] = {}
    if isinstance(error, NotYet):
        status, headers = 503, {"Retry-After": "1"}
    elif isinstance(error, NotFound | Conflict):
        status = 404 if isinstance(error, NotFound) else 409
    return Problem(
        status,
        error.title,
        error.template,
        slug=error.code,
        field=error.field,
        headers=headers,
        params=error.params,
    )


def _store(error: EventStoreError, request: Request) -> Problem | None:
    match error:
        case ConcurrencyError() if "if-match" in request.headers:
            return Problem(
                412,
                N_("Changed since you read it"),
                N_(
                    "the record is at version {actual}, not {expected}:"
                    " read it again and retry"
                ),
                slug="stale-if-match",
                params={"actual": error.actual, "expected": error.expected},
            )
        case ConcurrencyError():
            return Problem(
                409,
                N_("Changed at the same moment"),
                N_("someone changed the record at the same moment: try again"),
                slug="concurrent-change",
            )
        case StreamNotFound():
            return Problem(
                404,
                N_("Not found"),
                N_("no record {stream_id}"),
                slug="not-found",
                params={"stream_id": error.stream_id},
            )
        case UnknownEventType():
            return Problem(
                422, N_("Unknown event type"), str(error), slug="unknown-event-type"
            )
        case EventSchemaError():
            return Problem(
                422,
                N_("Event schema violated"),
                str(error),
                slug="event-schema",
                errors=[FieldProblem(e["field"], e["message"]) for e in error.errors],
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
            N_("If-Match required"),
            N_(
                "send the version you last read (its ETag) in If-Match,"
                ' e.g. If-Match: "7"'
            ),
            slug="if-match-required",
            field="header.If-Match",
        )
    errors = [
        field_problem(".".join(str(part) for part in e["loc"]), e)
        for e in error.errors()
    ]
    return Problem(
        422,
        N_("Invalid request"),
        N_("invalid: {fields}"),
        slug="invalid-request",
        errors=errors,
        params={"fields": ", ".join(e.field for e in errors)},
    )


def _invalid_value(error: ValidationError) -> Problem:
    # A model built by a handler (an event, most often) refused a value the request
    # models let through: still the client's input, so 422 naming the field.
    errors = [field_problem(_field_of(e), e) for e in error.errors(include_input=False)]
    return Problem(
        422,
        N_("Invalid value"),
        N_("invalid: {fields}"),
        slug="invalid-value",
        errors=errors,
        params={"fields": ", ".join(e.field for e in errors)},
    )


def _field_of(error: Any) -> str:
    named = (error.get("ctx") or {}).get("field")
    return str(named) if named else ".".join(map(str, error["loc"])) or "body"
