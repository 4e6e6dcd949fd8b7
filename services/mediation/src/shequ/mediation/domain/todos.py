"""A mediator's to-do list (待办), from what the ledger holds. Pure.

What is due on ``today``: an undecided dispute (registered or accepted) by its
deadline — overdue once past it —, and each obligation of an agreement to follow up
(回访) at its deadline — missed once past it unvisited —, and an agreed dispute whose
every obligation is followed up, to close. Overdue first, then by due day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from shequ.contracts.messages import N_, Labels

ToDoKind = Literal["conclude", "follow_up", "close"]
TO_DO_LABELS: Labels = {
    "conclude": N_("conclude the dispute: an agreement or a failure"),
    "follow_up": N_("follow up an obligation (回访)"),
    "close": N_("every obligation is followed up: close the dispute"),
}


@dataclass(frozen=True)
class DisputeFacts:
    """What the list needs of one open dispute."""

    dispute_id: str
    status: str
    conclude_by: date
    due: dict[int, date]  # obligation → deadline
    followed: frozenset[int]


@dataclass(frozen=True)
class ToDo:
    dispute_id: str
    kind: ToDoKind
    due_on: date
    overdue: bool
    obligation: int | None = None


def to_dos(facts: DisputeFacts, today: date) -> list[ToDo]:
    """What is due on one dispute on ``today``."""
    if facts.status in ("registered", "accepted"):
        due = facts.conclude_by
        return [ToDo(facts.dispute_id, "conclude", due, due < today)]
    if facts.status == "failed":
        return [ToDo(facts.dispute_id, "close", facts.conclude_by, False)]
    if facts.status != "agreed":
        return []
    items = [
        ToDo(facts.dispute_id, "follow_up", due, due < today, number)
        for number, due in sorted(facts.due.items())
        if number not in facts.followed and due <= today
    ]
    if set(facts.due) <= facts.followed:
        last = max(facts.due.values(), default=today)
        items.append(ToDo(facts.dispute_id, "close", last, False))
    return items


def in_order(items: list[ToDo]) -> list[ToDo]:
    """Overdue first, then by due day and dispute."""
    return sorted(items, key=lambda t: (not t.overdue, t.due_on, t.dispute_id, t.kind))
