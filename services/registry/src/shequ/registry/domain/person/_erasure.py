"""Erasing a person's personal data (个人信息删除): when the law allows it. Pure.

The event only records the erasure; the handler then destroys the person's key, so
every event stays in place and reads as erased (姓名已删除). A file still in use is
kept: a living, unmerged person may be erased only when registered in error, and
every other ground needs a closed file (died, or merged into another). An open case
the law requires to be kept (a legal hold, 法定保存) refuses every ground.
"""

from __future__ import annotations

from dataclasses import dataclass

from shequ.contracts.messages import N_, Labels
from shequ.contracts.registry import ERASURE_GROUND_LABELS, ErasureGround, PersonErased
from shequ.registry.domain.person._rules import (
    FileInUse,
    PersonFileErased,
    PersonNotFound,
    UnderLegalHold,
)
from shequ.registry.domain.person._state import Person, State
from shequ.registry.domain.rules import Acting, require_text

HOLD_KIND_LABELS: Labels = {
    "unemployment_registration": N_("unemployment registration"),
    "employment_difficulty": N_("employment difficulty case"),
    "restricted_case": N_("case of a restricted service"),
}
HOLD_SERVICE_LABELS: Labels = {
    "employment": N_("employment services"),
    "restricted": N_("details withheld"),
}
RESTRICTED_SERVICES = frozenset({"rehab"})
"""Services whose cases no one outside them may learn of (rehab: only its own case
readers see a name). Their holds still keep a file, shown without kind or id."""


@dataclass(frozen=True, kw_only=True)
class LegalHold:
    """An open case of another service the law requires to be kept (法定保存)."""

    service: str
    kind: str
    case_id: str


@dataclass(frozen=True, kw_only=True)
class ErasePersonalData:
    """Erase the person's personal data, on ``ground``, for ``reason``.

    ``holds`` are the person's open legal holds, looked up by the handler.
    """

    ground: ErasureGround
    reason: str
    holds: tuple[LegalHold, ...]
    by: Acting


def as_shown(hold: LegalHold) -> LegalHold:
    """The hold as staff outside its service may see it (a restricted one, masked)."""
    if hold.service in RESTRICTED_SERVICES:
        return LegalHold(service="restricted", kind="restricted_case", case_id="")
    return hold


def erase(command: ErasePersonalData, state: State) -> list[PersonErased]:
    person = _erasable(state)
    reason = require_text(command.reason, "reason", N_("the reason for the erasure"))
    closed = person.date_of_death is not None or person.merged_into is not None
    if not closed and command.ground != "registered_in_error":
        raise FileInUse(
            N_(
                "the file of a living person is in use: it may be erased only when"
                " registered in error, not on the ground {ground}"
            ),
            field="ground",
            ground=ERASURE_GROUND_LABELS[command.ground],
        )
    if command.holds:
        hold = as_shown(command.holds[0])
        raise UnderLegalHold(
            N_("the person has an open {kind} ({service}) the law requires to keep"),
            field="person_id",
            kind=HOLD_KIND_LABELS.get(hold.kind, hold.kind),
            service=HOLD_SERVICE_LABELS.get(hold.service, hold.service),
            case_id=hold.case_id,
        )
    return [PersonErased(office=person.office, ground=command.ground, reason=reason)]


def _erasable(state: State) -> Person:
    if state is None:
        raise PersonNotFound(N_("no person file under this id"), field="person_id")
    refuse_if_erased(state)
    return state


def refuse_if_erased(person: Person) -> None:
    """Nothing is recorded for a person once their personal data was erased."""
    if person.erased:
        raise PersonFileErased(
            N_(
                "the personal data of file {person_id} was erased: nothing more is"
                " recorded on it"
            ),
            field="person_id",
            person_id=person.person_id,
        )
