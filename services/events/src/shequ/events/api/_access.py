"""Whose record a request may touch: the record's office, in the actor's subtree.

The roles are checked first (a role that never reads events gets 403 for every id
alike); a record outside the actor's subtree is answered as an unknown id (404).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query

from shequ.access import Actor, OfficeCode, Role, require_role
from shequ.contracts import NotFound
from shequ.contracts.messages import N_
from shequ.events.domain.access import ACCESS
from shequ.eventstore import Decider, load
from shequ.service import PageNumber, PageSize, Reader, Runtime

S = TypeVar("S")
EVERYTHING = 1_000_000  # an export is one page of every row
PageNo = PageNumber
Size = PageSize
Within = Annotated[
    OfficeCode | None, Query(description="an office in your subtree; yours if absent")
]


class RecordNotFound(NotFound):
    code = "events-not-found"
    title = N_("No such record")


KINDS = {
    "activity": N_("activity"),
    "project": N_("project"),
    "volunteer": N_("volunteer"),
    "team": N_("team"),
    "corner": N_("publicity corner"),
}


def unknown(kind: str, record_id: str) -> RecordNotFound:
    """The answer to an unknown id, and to a record outside the reader's subtree."""
    field = "person_id" if kind == "volunteer" else f"{kind}_id"
    return RecordNotFound(
        N_("no {kind} {record_id}"), field=field, kind=KINDS[kind], record_id=record_id
    )


async def record(
    rt: Runtime,
    actor: Actor,
    decider: Decider[Any, S, Any],
    kind: str,
    record_id: str,
    roles: Iterable[Role],
) -> tuple[S, int]:
    """The record's state and version, if ``actor`` holds ``roles`` over its office."""
    require_role(actor, *roles)
    state, head = await load(rt.store, decider, f"{kind}/{record_id}")
    office = getattr(state, "office", None)
    if office is None:
        raise unknown(kind, record_id)
    ACCESS.within(actor, office, unknown(kind, record_id))
    return state, head.version


def _subtree(actor: Reader, within: Within = None) -> OfficeCode:
    return ACCESS.reading_root(actor, within)


Subtree = Annotated[OfficeCode, Depends(_subtree)]
"""The office whose subtree a listing covers: ``within`` if the reader may see it."""
