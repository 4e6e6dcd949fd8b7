"""Handlers of activities and projects: build the complete command, execute it.

A new activity or project gets its id from the Idempotency-Key (a retry opens the
same stream); an activity names a project of its office's subtree; attendance names
living registered persons; a family visit names a registered household.
"""

from __future__ import annotations

from typing import Any

from shequ.access import Acting
from shequ.contracts import NotFound
from shequ.contracts.messages import N_
from shequ.events.domain import activity, project
from shequ.eventstore import EventStore, Outcome, load
from shequ.service import execute_as, new_id
from shequ.service.people import household_office, living_person


class HouseholdNotKnown(NotFound):
    code = "events-household-not-known"
    title = N_("No such household")


def activity_stream(activity_id: str) -> str:
    return f"activity/{activity_id}"


def project_stream(project_id: str) -> str:
    return f"project/{project_id}"


async def plan(
    store: EventStore, *, by: Acting, key: str | None, **fields: Any
) -> Outcome[activity.State]:
    """Plan an activity under a new id."""
    command = activity.PlanActivity(
        activity_id=new_id("activity", by, key), by=by, **fields
    )
    stream = activity_stream(command.activity_id)
    return await execute_as(by, store, activity.DECIDER, stream, command, key=key)


async def act(
    store: EventStore,
    activity_id: str,
    command: activity.Command,
    *,
    expected_version: int | None = None,
) -> Outcome[activity.State]:
    """``command`` on activity ``activity_id`` at the version the writer read."""
    if isinstance(command, activity.RecordAttendance):
        for index, person_id in enumerate(command.person_ids):
            await living_person(store.pool, person_id, field=f"person_ids.{index}")
    if isinstance(command, activity.VisitFamily):
        await _known_household(store, command.household_id)
    return await execute_as(
        command.by,
        store,
        activity.DECIDER,
        activity_stream(activity_id),
        command,
        expected_version=expected_version,
    )


async def _known_household(store: EventStore, household_id: str) -> None:
    if await household_office(store.pool, household_id) is None:
        raise HouseholdNotKnown(
            N_("no household {household_id}"),
            field="household_id",
            household_id=household_id,
        )


async def current(store: EventStore, activity_id: str) -> tuple[activity.State, int]:
    state, head = await load(store, activity.DECIDER, activity_stream(activity_id))
    return state, head.version


async def start_project(
    store: EventStore, *, by: Acting, key: str | None, **fields: Any
) -> Outcome[project.State]:
    command = project.StartProject(
        project_id=new_id("project", by, key), by=by, **fields
    )
    stream = project_stream(command.project_id)
    return await execute_as(by, store, project.DECIDER, stream, command, key=key)


async def act_on_project(
    store: EventStore,
    project_id: str,
    command: project.Command,
    *,
    expected_version: int | None = None,
) -> Outcome[project.State]:
    return await execute_as(
        command.by,
        store,
        project.DECIDER,
        project_stream(project_id),
        command,
        expected_version=expected_version,
    )


async def current_project(
    store: EventStore, project_id: str
) -> tuple[project.State, int]:
    state, head = await load(store, project.DECIDER, project_stream(project_id))
    return state, head.version
