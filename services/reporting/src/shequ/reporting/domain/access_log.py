"""Reads of restricted records (受限记录查阅), each recorded as it is shown. Pure.

Stream ``access-log/<staff>/<id>``, a new one per reading: one
``RestrictedRecordsRead`` per person whose restricted data a page showed, naming the
services and events read and why (person file, audit log, case replay).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from shequ.contracts.reporting import AccessLogEvent, RestrictedRecordsRead
from shequ.eventstore import Decider


@dataclass(frozen=True, kw_only=True)
class RestrictedRead:
    """The restricted events of one person a reader was shown."""

    person_id: str
    services: tuple[str, ...]
    event_ids: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class RecordRestrictedReads:
    staff_id: str
    office: str
    purpose: str
    reads: tuple[RestrictedRead, ...]


Command = RecordRestrictedReads


@dataclass(frozen=True)
class Recorded:
    """How many reads the stream holds."""

    reads: int


def stream_of(staff_id: str, read_id: str) -> str:
    return f"access-log/{staff_id}/{read_id}"


def decide(command: Command, state: Recorded) -> list[AccessLogEvent]:
    return [
        RestrictedRecordsRead(
            staff_id=command.staff_id,
            office=command.office,
            person_id=read.person_id,
            services=sorted(set(read.services)),
            event_ids=list(read.event_ids),
            purpose=command.purpose,
        )
        for read in command.reads
    ]


def evolve(state: Recorded, event: AccessLogEvent) -> Recorded:
    match event:
        case RestrictedRecordsRead():
            return Recorded(state.reads + 1)
        case _:
            assert_never(event)


DECIDER: Decider[Command, Recorded, AccessLogEvent] = Decider(
    "access_log", Recorded(0), decide, evolve
)
