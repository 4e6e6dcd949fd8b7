"""The event archive (事件档案): every event of every service, as it was published.

Projection ``reporting-archive``. One row per event with who did it, from which office
(``acting_office``), when, for which office (``office``: the record's), on which
stream, and the people it concerns; the audit log, the person file (一人一档) and case
replay read it. Events of restricted services (rehab) are marked so readers without
the right role never see them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import asyncpg
from pydantic import BaseModel
from pydantic_core import to_json

from shequ.contracts import EventEnvelope
from shequ.eventstore import Migration
from shequ.messaging import Projection


class Placed(BaseModel):
    """An archived record's offices: whose it is, where its actor acted from.

    The archive keeps codes; a reply adds the names beside them (``office_name``).
    """

    acting_office: str | None
    office: str | None
    acting_office_name: str | None = None
    office_name: str | None = None


# Every service whose events reporting keeps; a new service joins by being named here.
SOURCES = ("registry", "employment", "rehab", "mediation", "events", "reporting")
RESTRICTED = frozenset({"rehab"})
# A record that restricted data was read says, by being there, that the person has
# some: it is as restricted as what was read.
RESTRICTED_EVENTS = frozenset({"RestrictedRecordsRead"})

MIGRATIONS = [
    Migration(
        "reporting-archive",
        1,
        """CREATE TABLE IF NOT EXISTS event_archive (
               event_id     uuid PRIMARY KEY,
               service      text NOT NULL,
               position     bigint NOT NULL,
               stream_type  text NOT NULL,
               stream_id    text NOT NULL,
               version      integer NOT NULL,
               event_type   text NOT NULL,
               occurred_at  timestamptz NOT NULL,
               recorded_at  timestamptz NOT NULL,
               actor        text,
               office       text,
               person_ids   text[] NOT NULL,
               restricted   boolean NOT NULL,
               data         jsonb NOT NULL,
               UNIQUE (service, position));""",
    ),
    # The office the actor acted from, beside the office the record belongs to.
    Migration(
        "reporting-archive",
        2,
        "ALTER TABLE event_archive ADD COLUMN IF NOT EXISTS acting_office text",
    ),
    # The schema version the data was written in: replay hands the data as stored to
    # the owning service's decider, which upcasts by it. Rows archived before the
    # column say 1 until the archive is rebuilt.
    Migration(
        "reporting-archive",
        3,
        """ALTER TABLE event_archive
               ADD COLUMN IF NOT EXISTS schema_version integer NOT NULL DEFAULT 1""",
    ),
]
# For the person file, case replay and the audit log; applying needs none of them.
INDEXES = [
    """CREATE INDEX IF NOT EXISTS event_archive_persons
       ON event_archive USING gin (person_ids)""",
    """CREATE INDEX IF NOT EXISTS event_archive_stream
       ON event_archive (stream_id, version)""",
    """CREATE INDEX IF NOT EXISTS event_archive_recorded
       ON event_archive (recorded_at)""",
    """CREATE INDEX IF NOT EXISTS event_archive_actor
       ON event_archive (actor, recorded_at)""",
]

_PERSON_FIELDS = (
    "person_id",
    "head_person_id",
    "landlord_person_id",
    "absorbed_person_id",
    "surviving_person_id",
)
_PERSON_LISTS = (
    "unemployed_person_ids",
    "member_person_ids",
    "tenant_person_ids",
    "moved_in",
    "moved_out",
)


def persons_of(envelope: EventEnvelope) -> list[str]:
    """The people an event concerns, by their registry person ids."""
    data = envelope.data
    found: list[str] = []
    if envelope.stream_type == "person":
        found.append(envelope.stream_id)
    found += [data[f] for f in _PERSON_FIELDS if isinstance(data.get(f), str)]
    for name in _PERSON_LISTS:
        found += [p for p in data.get(name) or () if isinstance(p, str)]
    if isinstance(data.get("relationships"), dict):
        found += list(data["relationships"])
    # Most events name one person: sorting and de-duplicating is for the others.
    return found if len(found) < 2 else sorted(set(found))


def _office(envelope: EventEnvelope) -> str | None:
    data = envelope.data
    for key in ("office", "to_office", "code"):
        if isinstance(data.get(key), str):
            return str(data[key])
    return envelope.office


def is_restricted(envelope: EventEnvelope) -> bool:
    """Whether only the rehab roles may see the event's data and find it by person."""
    return envelope.service in RESTRICTED or envelope.event_type in RESTRICTED_EVENTS


def _rows(events: Iterable[EventEnvelope]) -> list[tuple[object, ...]]:
    # pydantic's encoder, not json.dumps: a fifth of the cost, per event of a rebuild.
    return [
        (
            e.event_id,
            e.service,
            e.position,
            e.stream_type,
            e.stream_id,
            e.version,
            e.event_type,
            e.occurred_at,
            e.recorded_at,
            e.actor,
            _office(e),
            persons_of(e),
            is_restricted(e),
            to_json(e.data).decode(),
            e.office,
            e.schema_version,
        )
        for e in events
    ]


async def _apply(conn: asyncpg.Connection, events: Sequence[EventEnvelope]) -> None:
    # COPY, with no ON CONFLICT: the runner hands over each event once (by stream
    # sequence and store order), so a second row for an event id would be a fault to
    # park and show, not to skip. A rebuild goes a tenth faster (bench (j)).
    await conn.copy_records_to_table("event_archive", records=_rows(events))


async def _reset(conn: asyncpg.Connection) -> None:
    await conn.execute("TRUNCATE event_archive")


def archive_projection() -> Projection:
    return Projection(
        name="reporting-archive",
        sources=SOURCES,
        apply=_apply,
        reset=_reset,
        migrations=MIGRATIONS,
        indexes=INDEXES,
    )
