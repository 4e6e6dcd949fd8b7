"""A worker's to-do list (待办) and a case's standing, from what the tables hold. Pure.

What is due on a case on ``today``: the report (报到) past its deadline, tests due in
the current period of the schedule or missed in an ended one, serious violations to
report to the police, the term ended (close it with the police's notice), an
evaluation due — half-yearly summaries and yearly evaluations every six months from
the report day. Overdue first, then by due day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from shequ.contracts.messages import N_, Labels
from shequ.rehab.domain.rules import RehabRules, evaluation_days, test_periods

ToDoKind = Literal[
    "report_overdue",
    "test_due",
    "test_missed",
    "serious_violation",
    "term_ended",
    "evaluation_due",
]
TO_DO_LABELS: Labels = {
    "report_overdue": N_("the person has not reported: tell the police"),
    "test_due": N_("a urine test is due"),
    "test_missed": N_("a urine test was missed"),
    "serious_violation": N_("a serious violation to report to the police"),
    "term_ended": N_("the term has ended: close the case with the notice"),
    "evaluation_due": N_("an evaluation is due"),
}


@dataclass(frozen=True)
class CaseFacts:
    """What the rules of the list need of one open case."""

    case_id: str
    decided_on: date
    report_by: date
    reported_on: date | None
    term_ends_on: date | None
    tested_on: tuple[date, ...]
    missed: tuple[date, ...]  # first days of periods recorded as missed
    serious: tuple[str, ...]
    evaluations: int


@dataclass(frozen=True)
class ToDo:
    case_id: str
    kind: ToDoKind
    due_on: date
    overdue: bool
    detail: str = ""  # a code: the serious violation's reason, the evaluation's kind


def current_period(
    facts: CaseFacts, today: date, rules: RehabRules
) -> tuple[date, date] | None:
    """The schedule's period holding ``today``, if the term runs."""
    if facts.reported_on is None or facts.term_ends_on is None:
        return None
    for first, last in test_periods(facts.reported_on, facts.term_ends_on, rules):
        if first <= today <= last:
            return first, last
    return None


def test_due(facts: CaseFacts, today: date, rules: RehabRules) -> date | None:
    """The last day of the current period if no test is recorded in it yet."""
    period = current_period(facts, today, rules)
    if period is None:
        return None
    first, last = period
    if any(first <= day <= last for day in facts.tested_on):
        return None
    return last


def evaluations_due(facts: CaseFacts, today: date) -> list[tuple[date, str]]:
    """Evaluation days passed with no evaluation recorded for them (oldest first)."""
    if facts.reported_on is None or facts.term_ends_on is None:
        return []
    due = evaluation_days(facts.reported_on, facts.term_ends_on, today)
    return list(due[facts.evaluations :])


def to_dos(facts: CaseFacts, today: date, rules: RehabRules) -> list[ToDo]:
    """What is due on one open case on ``today``."""
    items: list[ToDo] = []

    def add(kind: ToDoKind, due: date, detail: str = "") -> None:
        items.append(ToDo(facts.case_id, kind, due, due < today, detail))

    if facts.reported_on is None:
        if today > facts.report_by:
            add("report_overdue", facts.report_by)
        return items
    for first in facts.missed:
        add("test_missed", first)
    due = test_due(facts, today, rules)
    if due is not None:
        add("test_due", due)
    for reason in facts.serious:
        add("serious_violation", today, reason)
    if facts.term_ends_on is not None and facts.term_ends_on < today:
        add("term_ended", facts.term_ends_on)
    for day, kind in evaluations_due(facts, today):
        add("evaluation_due", day, kind)
    return items


def in_order(items: list[ToDo]) -> list[ToDo]:
    """Overdue first, then by due day and case."""
    return sorted(items, key=lambda t: (not t.overdue, t.due_on, t.case_id, t.kind))
