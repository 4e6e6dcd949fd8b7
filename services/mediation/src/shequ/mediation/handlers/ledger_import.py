"""Importing an office's mediation ledger (人民调解台帐): decide all, then write.

The file is read and its header found (``shequ.service.ledgers``); nothing is written
until every row is decided (:func:`decide_ledger`): its mediators named among the
serving members of the importer's committee, its commands checked by the dispute's
decider (``domain/ledger``). Then the decided rows are written a batch per
transaction (:func:`import_ledger`), each row's events beginning its dispute's stream
in one statement: a row goes in whole or not at all. The dispute id comes from the
office and the row's 编号 (:func:`ledger_dispute_id`), so a dispute imported before
counts as already on file and a re-import adds nothing twice; two imports at once
are safe too, the unique key on stream and version refusing the second.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from shequ.access import Acting
from shequ.contracts.ledgers import ImportResult, InvalidRow, Ledger, Problem
from shequ.contracts.messages import N_
from shequ.eventstore import EventStore, NewStream
from shequ.keyring import KeyRing
from shequ.mediation.domain.ledger import (
    HEADERS,
    REQUIRED,
    LedgerRow,
    decide_row,
    read_row,
)
from shequ.mediation.domain.rules import MediationRules
from shequ.mediation.handlers.disputes import stream_of
from shequ.mediation.readmodels.committee import serving_by_name
from shequ.service.ledgers import AfterBatch, Decided, parse_ledger, write_decided
from shequ.service.ledgers import read_ledger as read_file

BATCH_SIZE = 500
_YIELD_EVERY = 100  # rows decided between turns of the event loop


def open_ledger(data: bytes, name: str) -> Ledger:
    """The ledger in ``data``, an uploaded file called ``name``, or ImportRefused."""
    return Ledger.of(parse_ledger(data, name), HEADERS, REQUIRED)


def read_ledger(path: Path) -> Ledger:
    """The ledger in the file at ``path``, or ImportRefused."""
    return Ledger.of(read_file(path), HEADERS, REQUIRED)


def ledger_dispute_id(keyring: KeyRing, office: str, number: str) -> str:
    """The id of the dispute row ``number`` of ``office``'s ledger records.

    Keyed, so the id tells nothing of the number; the same office and number give
    the same id in every process under the same master key.
    """
    digest = keyring.digest("mediation-ledger", f"{office}/{number.strip()}")
    return "dispute-" + digest.hex()[:32]


async def decide_ledger(
    store: EventStore, ledger: Ledger, *, by: Acting, rules: MediationRules
) -> Decided:
    """Every row decided, nothing written: the disputes of ``by``'s committee."""
    keyring = store.keyring
    assert keyring is not None, "mediation's store seals personal data"
    committee = await serving_by_name(store.pool, by.office)
    decided, first_row = Decided(), dict[str, int]()
    for index, (number, cells) in enumerate(ledger.rows, 1):
        line = read_row(number, cells, ledger.columns)
        if isinstance(line, LedgerRow):
            seen = first_row.setdefault(line.number, number)
            if seen != number:
                problem = Problem.of(
                    "number", N_("the same number is on row {row}"), row=seen
                )
                line = InvalidRow(number, (problem,))
        if isinstance(line, InvalidRow):
            decided.invalid.append(line)
        else:
            dispute_id = ledger_dispute_id(keyring, by.office, line.number)
            if (await store.head(stream_of(dispute_id))).version:
                decided.already += 1
            else:
                events = decide_row(
                    line,
                    dispute_id=dispute_id,
                    office=by.office,
                    committee=committee,
                    rules=rules,
                    by=by,
                )
                if isinstance(events, InvalidRow):
                    decided.invalid.append(events)
                else:
                    stream = NewStream("dispute", stream_of(dispute_id), events)
                    decided.streams.append(stream)
        if index % _YIELD_EVERY == 0:
            await asyncio.sleep(0)
    return decided


async def import_ledger(
    store: EventStore,
    ledger: Ledger,
    *,
    by: Acting,
    rules: MediationRules,
    batch_size: int = BATCH_SIZE,
    after_batch: AfterBatch | None = None,
) -> ImportResult:
    """Put every valid row of ``ledger`` on file as a dispute; the refused, with why."""
    decided = await decide_ledger(store, ledger, by=by, rules=rules)
    return await write_decided(
        store,
        decided,
        rows=len(ledger.rows),
        by=by,
        batch_size=batch_size,
        after_batch=after_batch,
    )
