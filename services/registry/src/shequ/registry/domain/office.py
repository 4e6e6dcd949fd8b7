"""An office of the hierarchy (机构): open, rename, close, and its leadership groups.

Stream type ``office``, stream id the office's division code (统计用区划代码). The
hierarchy lives in the code: a street's parent is its district, a community's its
street. A closed office keeps its history and its code is never opened again. The
decider cannot read other streams, so whether the parent office is open arrives in
the command (``parent_open``), looked up by the handler. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal, assert_never

from shequ.access import OfficeLevel
from shequ.contracts import Conflict, DomainError, NotFound
from shequ.contracts.messages import N_
from shequ.contracts.registry import (
    OFFICE_KIND_LABELS,
    LeadershipGroupFormed,
    OfficeClosed,
    OfficeEvent,
    OfficeKind,
    OfficeOpened,
    OfficeRenamed,
)
from shequ.eventstore import Decider
from shequ.registry.domain.rules import (
    LEVEL_SAID,
    Acting,
    distinct,
    office_code,
    require_text,
)

# The kinds an office of each level may be: a street office (街道) or a town (镇) ...
KINDS: dict[OfficeLevel, tuple[OfficeKind, ...]] = {
    OfficeLevel.DISTRICT: ("district",),
    OfficeLevel.STREET: ("street", "town"),
    OfficeLevel.COMMUNITY: ("community", "village"),
    OfficeLevel.GRID: ("grid",),
}
# The same, as a refusal says it.
_KINDS_SAID = {
    OfficeLevel.DISTRICT: N_("district"),
    OfficeLevel.STREET: N_("street or town"),
    OfficeLevel.COMMUNITY: N_("community or village"),
    OfficeLevel.GRID: N_("grid"),
}


@dataclass(frozen=True, kw_only=True)
class OpenOffice:
    code: str
    name: str
    kind: OfficeKind
    parent_open: bool  # the parent exists and is open; ignored for a district
    by: Acting


@dataclass(frozen=True, kw_only=True)
class RenameOffice:
    name: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class CloseOffice:
    reason: str
    open_children: tuple[str, ...]  # codes of open offices beneath, from the handler
    by: Acting


@dataclass(frozen=True, kw_only=True)
class FormLeadershipGroup:
    name: str  # e.g. 禁毒工作领导小组
    leader: str
    deputies: tuple[str, ...]
    member_departments: tuple[str, ...]
    by: Acting


Command = OpenOffice | RenameOffice | CloseOffice | FormLeadershipGroup


@dataclass(frozen=True)
class Group:
    leader: str
    deputies: tuple[str, ...]
    member_departments: tuple[str, ...]


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    kind: OfficeKind
    status: Literal["open", "closed"] = "open"
    groups: dict[str, Group] = field(default_factory=dict)


State = Office | None


class OfficeAlreadyOpened(Conflict):
    """An office was opened under this code before; codes are never reused."""

    title = N_("Office already opened")


class OfficeNotFound(NotFound):
    """No office has been opened under this code (or none the reader may see)."""

    title = N_("Office not found")

    def __init__(self) -> None:
        super().__init__(N_("no office has been opened under this code"), field="code")


class OfficeIsClosed(DomainError):
    code = "office-closed"
    title = N_("The office is closed")


class OfficeKindMismatch(DomainError):
    """The kind does not fit the level the code names (a street code for a village)."""

    title = N_("Kind does not fit the code")


class ParentOfficeNotOpen(DomainError):
    """An office opens only beneath an open parent."""

    title = N_("Parent office not open")


class OfficeHasOpenChildren(DomainError):
    """An office closes only after the offices beneath it."""

    title = N_("Offices beneath are still open")


class LeaderIsDeputy(DomainError):
    """The leader (组长) of a group cannot also be one of its deputies."""

    title = N_("The leader cannot be a deputy")


def decide(command: Command, state: State) -> list[OfficeEvent]:
    match command:
        case OpenOffice():
            return _open(command, state)
        case RenameOffice():
            office = _open_office(state)
            name = require_text(command.name, "name", N_("the office name"))
            if name == office.name:
                return []
            return [OfficeRenamed(previous_name=office.name, name=name)]
        case CloseOffice():
            _open_office(state)
            reason = require_text(command.reason, "reason", N_("the reason"))
            if command.open_children:
                children = ", ".join(sorted(command.open_children))
                raise OfficeHasOpenChildren(
                    N_("offices beneath are still open: {children}"), children=children
                )
            return [OfficeClosed(reason=reason)]
        case FormLeadershipGroup():
            _open_office(state)
            return [_group(command)]
        case _:
            assert_never(command)


def _open(command: OpenOffice, state: State) -> list[OfficeEvent]:
    if state is not None:
        raise OfficeAlreadyOpened(
            N_("office {office} was opened before"), field="code", office=state.code
        )
    code = office_code(command.code, "code")
    if command.kind not in KINDS[code.level]:
        raise OfficeKindMismatch(
            N_("a {level} code names a {allowed}, not a {kind}"),
            field="kind",
            level=LEVEL_SAID[code.level],
            allowed=_KINDS_SAID[code.level],
            kind=OFFICE_KIND_LABELS[command.kind],
        )
    parent = code.parent
    if parent is not None and not command.parent_open:
        raise ParentOfficeNotOpen(
            N_("the parent office {parent_office} is not open: open it first"),
            field="code",
            parent_office=parent,
        )
    name = require_text(command.name, "name", N_("the office name"))
    return [OfficeOpened(code=code, name=name, kind=command.kind, parent_code=parent)]


def _open_office(state: State) -> Office:
    if state is None:
        raise OfficeNotFound
    if state.status == "closed":
        raise OfficeIsClosed(N_("office {office} is closed"), office=state.code)
    return state


def _group(command: FormLeadershipGroup) -> LeadershipGroupFormed:
    leader = require_text(command.leader, "leader", N_("the leader (组长)"))
    deputies = distinct(command.deputies)
    if leader in deputies:
        raise LeaderIsDeputy(
            N_("{leader} cannot be leader and deputy"), field="deputies", leader=leader
        )
    return LeadershipGroupFormed(
        name=require_text(command.name, "name", N_("the group's name")),
        leader=leader,
        deputies=deputies,
        member_departments=distinct(command.member_departments),
    )


def evolve(state: State, event: OfficeEvent) -> State:
    match event:
        case OfficeOpened():
            return Office(code=event.code, name=event.name, kind=event.kind)
        case _ if state is None:
            return state
        case OfficeRenamed():
            return replace(state, name=event.name)
        case OfficeClosed():
            return replace(state, status="closed")
        case LeadershipGroupFormed():
            group = Group(
                event.leader, tuple(event.deputies), tuple(event.member_departments)
            )
            return replace(state, groups={**state.groups, event.name: group})
        case _:
            assert_never(event)


DECIDER: Decider[Command, State, OfficeEvent] = Decider("office", None, decide, evolve)
