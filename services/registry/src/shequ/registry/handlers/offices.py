"""Handlers of offices (机构): open, rename, close, form a leadership group.

Whether an office is open is read from its own stream (:func:`office_is_open`), never
from the directory, so a rule about it is never decided on stale data; which offices
beneath are still open comes from the directory's office tree.
"""

from __future__ import annotations

from shequ.access import Acting, OfficeCode
from shequ.contracts.registry import OfficeKind
from shequ.eventstore import EventStore, Outcome, load
from shequ.registry.domain import office
from shequ.registry.readmodels.directory.offices import directory_names, offices_within
from shequ.service import Runtime, execute_as

State = office.State


async def office_is_open(store: EventStore, code: str) -> bool:
    """Whether the office exists and is open, from its own stream (never stale)."""
    state, _ = await load(store, office.DECIDER, code)
    return state is not None and state.status == "open"


async def office_names(rt: Runtime, codes: list[str]) -> dict[str, str]:
    """The names of ``codes``: the registry's ``office_names`` look-up.

    From the directory, and from the office's own stream for one the directory has
    not caught up with yet, so a file read just after its office opened names it.
    """
    names = await directory_names(rt.pool, codes)
    for code in set(codes) - names.keys():
        state, _ = await load(rt.store, office.DECIDER, code)
        if state is not None:
            names[code] = state.name
    return names


async def open_office(
    store: EventStore, by: Acting, *, code: OfficeCode, name: str, kind: OfficeKind
) -> Outcome[State]:
    """Open an office beneath an open parent (a district has none)."""
    parent = code.parent
    command = office.OpenOffice(
        code=code,
        name=name,
        kind=kind,
        parent_open=parent is None or await office_is_open(store, parent),
        by=by,
    )
    return await execute_as(by, store, office.DECIDER, code, command)


async def rename(
    store: EventStore,
    by: Acting,
    code: str,
    *,
    name: str,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Rename an open office."""
    command = office.RenameOffice(name=name, by=by)
    return await _execute(store, by, code, command, expected_version)


async def close(
    store: EventStore,
    by: Acting,
    code: OfficeCode,
    *,
    reason: str,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Close an office once no office beneath it is open."""
    beneath = await offices_within(store.pool, code.subtree_prefix)
    command = office.CloseOffice(
        reason=reason,
        open_children=tuple(
            o.code for o in beneath if o.code != code and o.status == "open"
        ),
        by=by,
    )
    return await _execute(store, by, code, command, expected_version)


async def form_group(
    store: EventStore,
    by: Acting,
    code: str,
    *,
    name: str,
    leader: str,
    deputies: tuple[str, ...],
    member_departments: tuple[str, ...],
    expected_version: int | None = None,
) -> Outcome[State]:
    """Form (or re-form, under the same name) a leadership group of an open office."""
    command = office.FormLeadershipGroup(
        name=name,
        leader=leader,
        deputies=deputies,
        member_departments=member_departments,
        by=by,
    )
    return await _execute(store, by, code, command, expected_version)


async def _execute(
    store: EventStore,
    by: Acting,
    code: str,
    command: office.Command,
    expected_version: int | None,
) -> Outcome[State]:
    # An unknown office is 404 before If-Match is compared (else 412), as one
    # outside the actor's subtree is: the two answers must not differ.
    _, head = await load(store, office.DECIDER, code)
    if head.version == 0:
        raise office.OfficeNotFound
    return await execute_as(
        by, store, office.DECIDER, code, command, expected_version=expected_version
    )
