"""Designations as read (创建): one as of any moment, every one of a subtree, sizes.

Read from reporting's own store, as work plans are: a designation is its own stream,
so a step just recorded is read at once. "As of" a moment folds the events that had
occurred by then (their ``occurred_at``: the clock of the step's command).
"""

from __future__ import annotations

from datetime import datetime

from shequ.access import OfficeCode
from shequ.contracts import EventEnvelope
from shequ.contracts.reporting import CampaignDefined
from shequ.eventstore import EventStore, load
from shequ.reporting.domain.designations import (
    STREAM_TYPE,
    Designation,
    State,
    evolve,
    stream_of,
)
from shequ.reporting.domain.designations import campaign as campaigns
from shequ.reporting.readmodels.ledgers._temporal import as_of
from shequ.service import Db


async def campaign_of(
    store: EventStore, code: str
) -> tuple[CampaignDefined | None, int]:
    """The campaign as defined now, and its version (None, 0 before it is defined)."""
    state, head = await load(store, campaigns.DECIDER, campaigns.stream_of(code))
    return state, head.version


async def all_campaigns(store: EventStore) -> list[tuple[CampaignDefined, int]]:
    """Every campaign defined, with its version."""
    rows = await store.pool.fetch(
        "SELECT DISTINCT stream_id FROM events WHERE stream_type = $1 ORDER BY 1",
        campaigns.DECIDER.stream_type,
    )
    found = []
    for row in rows:
        state, head = await load(store, campaigns.DECIDER, row["stream_id"])
        if state is not None:
            found.append((state, head.version))
    return found


async def history(
    store: EventStore, office: str, campaign: str, at: datetime | None = None
) -> tuple[State, int, list[EventEnvelope]]:
    """The designation as of ``at`` (now if None): state, version, events so far."""
    envelopes = await store.read_stream(stream_of(office, campaign), missing_ok=True)
    if at is not None:
        envelopes = [e for e in envelopes if e.occurred_at <= at]
    state: State = None
    for envelope in envelopes:
        state = evolve(state, store.decode(envelope))  # type: ignore[arg-type]
    version = envelopes[-1].version if envelopes else 0
    return state, version, envelopes


async def designations_within(
    store: EventStore, within: OfficeCode | None, campaign: str | None = None
) -> list[tuple[str, str]]:
    """(office, campaign) of every designation begun in the subtree (or anywhere)."""
    prefix = "" if within is None else within.subtree_prefix
    rows = await store.pool.fetch(
        """SELECT DISTINCT stream_id FROM events
           WHERE stream_type = $1 AND stream_id LIKE $2 ORDER BY 1""",
        STREAM_TYPE,
        stream_of(f"{prefix}%", campaign or "%"),
    )
    found = []
    for row in rows:
        _, office, code = row["stream_id"].split("/")
        found.append((office, code))
    return found


async def designations_as_of(
    store: EventStore, within: OfficeCode, campaign: str | None, at: datetime | None
) -> list[Designation]:
    """Every designation of the subtree as of ``at`` (those begun by then)."""
    found = []
    for office, code in await designations_within(store, within, campaign):
        state, _, _ = await history(store, office, code, at)
        if state is not None:
            found.append(state)
    return found


def _held(table: str, at: datetime | None) -> str:
    """The rows of ``table`` current at ``$1``, or current now when ``$1`` is null."""
    if at is None:
        return f"({table}.valid_to IS NULL AND $1::timestamptz IS NULL)"
    return as_of(table)


async def size_of(db: Db, office: OfficeCode, at: datetime | None) -> tuple[int, int]:
    """(households, residents) of the office's subtree, from the registry's people.

    As the ledgers held them at ``at``, or as they stand now (``at`` None). A
    household counts where its head lives; the dead and the erased are not residents.
    """
    prefix = f"{office.subtree_prefix}%"
    residents = await db.fetchval(
        f"""SELECT count(*) FROM people
            WHERE {_held("people", at)} AND office LIKE $2 AND alive AND NOT erased""",
        at,
        prefix,
    )
    households = await db.fetchval(
        f"""SELECT count(DISTINCT h.household_id) FROM households h
            JOIN people ON people.person_id = h.head_person_id
                AND {_held("people", at)}
            WHERE {_held("h", at)} AND people.office LIKE $2""",
        at,
        prefix,
    )
    return int(households), int(residents)


async def communities_within(db: Db, within: OfficeCode) -> list[tuple[str, str]]:
    """(code, name) of every community and village in the subtree, by code."""
    rows = await db.fetch(
        """SELECT code, name FROM offices
           WHERE code LIKE $1 AND kind IN ('community', 'village') ORDER BY code""",
        f"{within.subtree_prefix}%",
    )
    return [(r["code"], r["name"]) for r in rows]
