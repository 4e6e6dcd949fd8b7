"""One record of an aggregate, as the acting staff member may see or change it.

Checked before any rule of the domain: an unknown id, and a record outside the
actor's subtree, answer the same ``unknown`` error (404), so no refusal tells an
outsider the record exists.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from shequ.access import Actor, require_role
from shequ.eventstore import Decider, load
from shequ.registry.domain.access import ACCESS
from shequ.service import Runtime


class _Kept(Protocol):
    @property
    def office(self) -> str: ...


R = TypeVar("R", bound=_Kept)


def visible(state: R | None, actor: Actor, unknown: Exception) -> R:
    """``state`` if it exists and ``actor`` reads its office; else ``unknown``.

    A role that never reads (a partner's system) is refused first, for every id
    alike, so its answer cannot tell an unknown id from a foreign record.
    """
    require_role(actor, *ACCESS.readers)
    if state is None:
        raise unknown
    ACCESS.may_read(actor, state.office, unknown=unknown)
    return state


async def readable(
    rt: Runtime,
    decider: Decider[Any, R | None, Any],
    record_id: str,
    actor: Actor,
    unknown: Exception,
) -> tuple[R, int]:
    """The record now and its version, if ``actor`` reads its office."""
    state, head = await load(rt.store, decider, record_id)
    return visible(state, actor, unknown), head.version


async def writable(
    rt: Runtime,
    decider: Decider[Any, R | None, Any],
    record_id: str,
    actor: Actor,
    unknown: Exception,
) -> R:
    """The record now, if ``actor`` writes its office.

    The role is checked before the look-up: a role that may never write answers 403
    for every id, so its answer cannot tell an unknown id from a foreign record.
    """
    require_role(actor, *ACCESS.writers)
    state, _ = await load(rt.store, decider, record_id)
    if state is None:
        raise unknown
    ACCESS.may_write(actor, state.office, unknown=unknown)
    return state
