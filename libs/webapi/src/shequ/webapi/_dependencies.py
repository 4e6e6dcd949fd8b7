"""FastAPI dependencies for the acting staff member and optimistic concurrency.

``current_actor`` verifies the bearer token with ``app.state.token_verifier`` at the
time ``app.state.clock`` gives (wall clock when unset, so tests can freeze time).
``expected_version`` reads ``If-Match: "7"``; ``set_etag`` writes ``ETag: "7"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Header, Request, Response, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from opentelemetry import trace

from shequ.access import Actor, NotAuthenticated, TokenVerifier
from shequ.contracts.messages import N_
from shequ.webapi._problem import Problem

# Declares the scheme in OpenAPI; auto_error=False so refusals stay problem+json.
_BEARER = HTTPBearer(auto_error=False, bearerFormat="JWT")
_VERSION = re.compile(r'(?:W/)?(?:"(\d{1,18})"|(\d{1,18}))')


async def current_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_BEARER)],
) -> Actor:
    """The actor the request's bearer token names; ``NotAuthenticated`` otherwise."""
    if credentials is None:
        if "authorization" in request.headers:
            raise NotAuthenticated(N_("the Authorization header is not a bearer token"))
        raise NotAuthenticated(N_("no Authorization header"))
    verifier = getattr(request.app.state, "token_verifier", None)
    if not isinstance(verifier, TokenVerifier):
        raise RuntimeError("app.state.token_verifier is not a TokenVerifier")
    clock: Callable[[], datetime] | None = getattr(request.app.state, "clock", None)
    actor = verifier.verify(credentials.credentials, clock() if clock else _now())
    trace.get_current_span().set_attribute("enduser.id", actor.staff_id)
    return actor


def _now() -> datetime:
    return datetime.now(UTC)


async def expected_version(
    if_match: Annotated[
        str | None, Header(description='Stream version, e.g. "7"')
    ] = None,
) -> int | None:
    """The version in ``If-Match`` (``"7"``, ``W/"7"`` or ``7``); ``None`` if absent."""
    if if_match is None:
        return None
    match = _VERSION.fullmatch(if_match.strip())
    if match is None:
        raise Problem(
            400,
            N_("Malformed If-Match header"),
            N_('If-Match must be a version such as "7", got {value}'),
            slug="malformed-if-match",
            field="header.If-Match",
            params={"value": repr(if_match)},
        )
    return int(match.group(1) or match.group(2))


async def required_version(
    if_match: Annotated[
        str, Header(description='Stream version last read (its ETag), e.g. "7"')
    ],
) -> int:
    """The version in ``If-Match``, which this change requires.

    For a change whose outcome depends on what the client last saw: without the
    version a second writer's change would be silently overwritten (a lost update).
    A request without it is answered 428 (see _handlers.py).
    """
    version = await expected_version(if_match)
    assert version is not None  # the header is required, so it was given
    return version


def set_etag(response: Response, version: int) -> None:
    """Tell the client the stream version it may send back in ``If-Match``."""
    response.headers["ETag"] = f'"{version}"'


CurrentActor = Annotated[Actor, Depends(current_actor)]
ExpectedVersion = Annotated[int | None, Depends(expected_version)]
RequiredVersion = Annotated[int, Depends(required_version)]
