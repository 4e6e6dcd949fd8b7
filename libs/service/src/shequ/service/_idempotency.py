"""The ``Idempotency-Key`` header (幂等键): one key, one request.

A retried request (same key, same request) is answered with its first result by the
event store. A *different* request under a key already used must not be answered
with the first one's result while its own data is dropped: the first request leaves
a fingerprint (SHA-256 of method, path, query and body) under the key, scoped to the
staff member, and a later request with another fingerprint is refused with 422
naming the header. The fingerprint stays even when the first request was refused,
as with any idempotency key: a corrected request takes a new key.
"""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import Depends, Header, Request

from shequ.access import Acting
from shequ.contracts.messages import N_
from shequ.eventstore import Migration
from shequ.service._commands import scoped_key
from shequ.webapi import CurrentActor, Problem

IDEMPOTENCY_MIGRATIONS = [
    Migration(
        "request-fingerprints",
        1,
        """CREATE TABLE IF NOT EXISTS request_fingerprints (
               key         text PRIMARY KEY,
               fingerprint text NOT NULL,
               first_seen  timestamptz NOT NULL DEFAULT now());""",
    )
]


async def _idempotency_key(
    request: Request,
    actor: CurrentActor,
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            description="any unique text; a retry sends the same, a new request a new",
        ),
    ] = None,
) -> str | None:
    if key is None:
        return None
    digest = hashlib.sha256()
    for part in (request.method, request.url.path, request.url.query):
        digest.update(part.encode() + b"\0")
    digest.update(await request.body())
    # The runtime from app.state, as RuntimeDep does (importing it here would be a
    # cycle: the runtime migrates this module's table).
    rt = request.app.state.runtime
    by = Acting.of(actor, rt.clock())
    # One round trip: the stored fingerprint, the first request's or this one's.
    first: str = await rt.pool.fetchval(
        """INSERT INTO request_fingerprints (key, fingerprint) VALUES ($1, $2)
           ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
           RETURNING fingerprint""",
        scoped_key(by, key),
        digest.hexdigest(),
    )
    if first != digest.hexdigest():
        raise Problem(
            422,
            N_("Idempotency-Key reused"),
            N_(
                "this Idempotency-Key was sent with a different request;"
                " a new request needs a new key"
            ),
            slug="idempotency-key-reused",
            field="header.Idempotency-Key",
        )
    return key


IdempotencyKey = Annotated[str | None, Depends(_idempotency_key)]
