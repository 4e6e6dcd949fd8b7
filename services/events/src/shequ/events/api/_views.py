"""An activity as a reader sees it, replayed from its stream.

The plan, the attendance, the family visits, the files, the evaluations and the
costs, or its cancellation. Who attended (person ids) and a visit's notes are
personal: shown to a writer (the activity organiser), left out (``None``) for every
other reader.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from shequ.contracts.events import (
    ActivityCancelled,
    ActivityCostRecorded,
    ActivityEvaluated,
    ActivityFileAttached,
    ActivityPlanned,
    AttendanceRecorded,
    FamilyVisited,
)
from shequ.events.handlers.activities import activity_stream
from shequ.eventstore import EventStore


class Visit(BaseModel):
    household_id: str
    people: int
    visited_on: date
    notes: str | None  # personal: writers only


class FileRef(BaseModel):
    sha256: str
    name: str


class Cost(BaseModel):
    item: str
    amount_fen: int


class ActivityView(BaseModel):
    plan: ActivityPlanned
    attendance: int = 0
    head_count: int = 0
    person_ids: list[str] | None = None  # personal: writers only
    visits: list[Visit] = []
    files: list[FileRef] = []
    evaluations: list[ActivityEvaluated] = []
    costs: list[Cost] = []
    cost_fen: int = 0
    cancelled: ActivityCancelled | None = None
    version: int


def _add(view: ActivityView, event: object, personal: bool) -> None:
    match event:
        case AttendanceRecorded():
            view.attendance, view.head_count = event.attendance, event.head_count
            view.person_ids = list(event.person_ids) if personal else None
        case FamilyVisited():
            notes = event.notes if personal else None
            view.visits.append(
                Visit(
                    household_id=event.household_id,
                    people=event.people,
                    visited_on=event.visited_on,
                    notes=notes,
                )
            )
        case ActivityFileAttached():
            view.files.append(FileRef(sha256=event.sha256, name=event.name))
        case ActivityEvaluated():
            view.evaluations.append(event)
        case ActivityCostRecorded():
            view.costs.append(Cost(item=event.item, amount_fen=event.amount_fen))
            view.cost_fen += event.amount_fen
        case ActivityCancelled():
            view.cancelled = event


async def activity_view(
    store: EventStore, activity_id: str, personal: bool
) -> ActivityView | None:
    """The activity from its events; ``personal``: with who came and visit notes."""
    events, head = await store.replay(activity_stream(activity_id))
    if not events or not isinstance(events[0], ActivityPlanned):
        return None
    view = ActivityView(plan=events[0], version=head.version)
    for event in events[1:]:
        _add(view, event, personal)
    return view
