"""Handlers of assistance (就业援助): every command names a person the registry knows.

One path serves every command of the stream: it looks the person up in the people
copy first and builds the command with their office now, so what is recorded belongs
to the office that has the person. New follow-ups and training referrals get their id
here (:func:`new_id`): from the idempotency key when there is one, so a retried
request names the same one.
"""

from __future__ import annotations

from typing import Any

from shequ.access import Acting
from shequ.employment.domain import assistance
from shequ.employment.domain.common import stream_of
from shequ.eventstore import EventStore, Outcome
from shequ.service import execute_as, new_id
from shequ.service.people import living_person

State = assistance.State

NEW_IDS: dict[type[assistance.PersonCommand], tuple[str, str]] = {
    assistance.ScheduleFollowUp: ("follow_up_id", "follow-up"),
    assistance.ReferTraining: ("referral_id", "training"),
}
"""The commands that open something under a new id: its field, and the id's kind."""


async def act(
    store: EventStore,
    command: type[assistance.PersonCommand],
    *,
    by: Acting,
    person_id: str,
    key: str | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> tuple[str | None, Outcome[State]]:
    """Run ``command``, built of ``fields`` (its own) and the person's office now.

    Returns the new follow-up's or referral's id (None for the other commands) and
    the outcome.
    """
    new = None
    if command in NEW_IDS:
        field, kind = NEW_IDS[command]
        new = fields[field] = new_id(kind, by, key)
    office = (await living_person(store.pool, person_id)).office
    built = command(person_id=person_id, office=office, by=by, **fields)
    outcome = await execute_as(
        by,
        store,
        assistance.DECIDER,
        stream_of("assistance", person_id),
        built,
        key=key,
        expected_version=expected_version,
    )
    return new, outcome
