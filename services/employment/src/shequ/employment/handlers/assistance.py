"""Handlers of assistance (就业援助): every command names a person the registry knows.

The command's office is replaced by the person's office in the registry copy, so what
is recorded belongs to the office that has the person now. New follow-ups and
training referrals get their id here: from the idempotency key when there is one, so
a retried request names the same follow-up as the first (:func:`new_id`).
"""

from __future__ import annotations

from dataclasses import replace

from shequ.employment.domain import assistance
from shequ.employment.domain.common import stream_of
from shequ.eventstore import EventStore, Outcome
from shequ.service import execute_as, new_id
from shequ.service.people import living_person

State = assistance.State


async def act(
    store: EventStore,
    command: assistance.PersonCommand,
    *,
    key: str | None = None,
    expected_version: int | None = None,
) -> Outcome[State]:
    """Decide ``command`` on the person's assistance stream and append the result."""
    person = await living_person(store.pool, command.person_id)
    command = replace(command, office=person.office)
    return await execute_as(
        command.by,
        store,
        assistance.DECIDER,
        stream_of("assistance", command.person_id),
        command,
        key=key,
        expected_version=expected_version,
    )


async def schedule_follow_up(
    store: EventStore,
    command: assistance.ScheduleFollowUp,
    *,
    key: str | None = None,
    expected_version: int | None = None,
) -> tuple[str, Outcome[State]]:
    """Plan a visit or call (走访/电话排查); returns the new follow-up's id."""
    follow_up_id = new_id("follow-up", command.by, key)
    command = replace(command, follow_up_id=follow_up_id)
    return follow_up_id, await act(
        store, command, key=key, expected_version=expected_version
    )


async def refer_training(
    store: EventStore,
    command: assistance.ReferTraining,
    *,
    key: str | None = None,
    expected_version: int | None = None,
) -> tuple[str, Outcome[State]]:
    """Refer the person to a course (培训推荐); returns the new referral's id."""
    referral_id = new_id("training", command.by, key)
    command = replace(command, referral_id=referral_id)
    return referral_id, await act(
        store, command, key=key, expected_version=expected_version
    )
