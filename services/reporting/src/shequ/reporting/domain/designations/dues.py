"""What a designation waits for (待办): the street's, the district's, the timer's. Pure.

An application waits for the street's review, then the district's acceptance; an
accepted one, past its public notice, for the inspection; a rectification for its
check by the deadline; a named office for the re-check and each year's evaluation
the timer marked due.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from shequ.reporting.domain.designations._decide import years_after
from shequ.reporting.domain.designations._state import Designation

DueWhat = Literal[
    "review", "acceptance", "inspection", "recheck", "evaluation", "rectification"
]


def dues_of(
    state: Designation, today: date
) -> list[tuple[DueWhat, date | None, int | None]]:
    """What ``state`` waits for (the timer's marks: a re-check, a year's evaluation)."""
    found: list[tuple[DueWhat, date | None, int | None]] = []
    match state.status:
        case "applied":
            found.append(("review", state.last_on, None))
        case "reviewed":
            found.append(("acceptance", state.last_on, None))
        case "accepted" if (
            state.notice_until is not None and today > state.notice_until
        ):
            found.append(("inspection", state.notice_until, None))
        case "rectifying":
            found.append(("rectification", state.rectify_by, None))
        case "named":
            if (
                state.recheck_marked is not None
                and state.recheck_marked == state.recheck_due
            ):
                found.append(("recheck", state.recheck_due, None))
            assert state.named_on is not None
            for year in sorted(state.evaluation_marked - set(state.evaluated)):
                anniversary = years_after(state.named_on, year - state.named_on.year)
                found.append(("evaluation", anniversary, year))
    return found
