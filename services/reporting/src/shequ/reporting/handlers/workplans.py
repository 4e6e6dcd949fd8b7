"""Work plans (工作计划): targets set and withdrawn on an office's plan for a year.

The office must have reached reporting from the registry (else ``OfficeNotKnown``);
the rules are the decider's. Who may write is checked by the route (``may_plan``).
"""

from __future__ import annotations

from shequ.access import Acting
from shequ.contracts.reporting import Comparison, Metric
from shequ.eventstore import EventStore, Outcome
from shequ.reporting.domain.access import OfficeNotKnown
from shequ.reporting.domain.workplan import (
    DECIDER,
    Command,
    Plan,
    SetTarget,
    WithdrawTarget,
    stream_of,
)
from shequ.reporting.readmodels.ledgers.people import office_known
from shequ.service import Db, execute_as


async def _run(
    store: EventStore, by: Acting, command: Command, expected_version: int | None
) -> Outcome[Plan]:
    return await execute_as(
        by,
        store,
        DECIDER,
        stream_of(command.office, command.year),
        command,
        expected_version=expected_version,
    )


async def _known(db: Db, office: str) -> None:
    if not await office_known(db, office):
        raise OfficeNotKnown(office)


async def set_target(
    store: EventStore,
    db: Db,
    by: Acting,
    *,
    office: str,
    year: int,
    metric: Metric,
    comparison: Comparison,
    target: float,
    note: str,
    expected_version: int | None,
) -> Outcome[Plan]:
    """Set or replace one target of the office's plan for the year."""
    await _known(db, office)
    command = SetTarget(
        office=office,
        year=year,
        metric=metric,
        comparison=comparison,
        target=target,
        note=note,
        by=by,
    )
    return await _run(store, by, command, expected_version)


async def withdraw_target(
    store: EventStore,
    db: Db,
    by: Acting,
    *,
    office: str,
    year: int,
    metric: Metric,
    reason: str,
    expected_version: int | None,
) -> Outcome[Plan]:
    """Withdraw one target of the office's plan, saying why."""
    await _known(db, office)
    command = WithdrawTarget(
        office=office, year=year, metric=metric, reason=reason, by=by
    )
    return await _run(store, by, command, expected_version)
