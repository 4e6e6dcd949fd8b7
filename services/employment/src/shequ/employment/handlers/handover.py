"""Hand-over (移交): a person who moves to another office takes their case with them.

The new office keeps the labour profile and the open follow-ups from now on; the
history stays in the streams under the offices that recorded it. Run by the policy
that watches the registry (:mod:`.policies`), in that projection's transaction.
"""

from __future__ import annotations

import asyncpg

from shequ.employment.domain import assistance, profile
from shequ.employment.domain.common import Acting, stream_of
from shequ.eventstore import EventStore, Metadata
from shequ.service import execute_as


async def hand_over(
    store: EventStore,
    conn: asyncpg.Connection,
    person_id: str,
    to_office: str,
    *,
    by: Acting,
    metadata: Metadata,
) -> None:
    """Move the person's profile (and open follow-ups) to ``to_office``."""
    command: profile.Command = profile.HandOver(to_office=to_office, by=by)
    await execute_as(
        by,
        store,
        profile.DECIDER,
        stream_of("labour", person_id),
        command,
        connection=conn,
        metadata=metadata,
    )
    follow_ups: assistance.Command = assistance.HandOverFollowUps(
        to_office=to_office, by=by
    )
    await execute_as(
        by,
        store,
        assistance.DECIDER,
        stream_of("assistance", person_id),
        follow_ups,
        connection=conn,
        metadata=metadata,
    )
