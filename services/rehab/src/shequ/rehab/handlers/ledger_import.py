"""Importing an office's rehab case ledger (社区戒毒/康复台帐): decide all, then write.

The file is read and its header found (``shequ.service.ledgers``); nothing is written
until every row is decided (:func:`decide_ledger`): the person found in the people
copy by ID number (by its keyed digest) and living in the importer's subtree, the
row's commands checked by the case's decider (``domain/ledger``). Then the decided
rows are written a batch per transaction (:func:`import_ledger`), each row's events
beginning its case's stream in one statement: a row goes in whole or not at all.
The case id comes from the decision's number (``decision_case_id``), so a case
already opened (by an earlier import, typed in or sent by the police) is counted as
already on file and a re-import adds nothing twice; two imports at once are safe too,
the unique key on stream and version refusing the second.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from shequ.access import Acting, OfficeCode
from shequ.contracts import DomainError
from shequ.contracts.ledgers import ImportResult, InvalidRow, Ledger, Problem
from shequ.contracts.messages import N_
from shequ.eventstore import EventStore, NewStream
from shequ.rehab.domain.ledger import HEADERS, REQUIRED, LedgerRow, decide_row, read_row
from shequ.rehab.domain.rules import RehabRules
from shequ.rehab.handlers.cases import decision_case_id, stream_of
from shequ.rehab.handlers.police import NoPersonWithThatId
from shequ.service.ledgers import AfterBatch, Decided, parse_ledger, write_decided
from shequ.service.ledgers import read_ledger as read_file
from shequ.service.people import find_person_by_document, living_person

BATCH_SIZE = 500
_YIELD_EVERY = 100  # rows decided between turns of the event loop


def open_ledger(data: bytes, name: str) -> Ledger:
    """The ledger in ``data``, an uploaded file called ``name``, or ImportRefused."""
    return Ledger.of(parse_ledger(data, name), HEADERS, REQUIRED)


def read_ledger(path: Path) -> Ledger:
    """The ledger in the file at ``path``, or ImportRefused."""
    return Ledger.of(read_file(path), HEADERS, REQUIRED)


async def decide_ledger(
    store: EventStore, ledger: Ledger, *, by: Acting, rules: RehabRules
) -> Decided:
    """Every row decided, nothing written."""
    decided, first_row = Decided(), dict[str, int]()
    for index, (number, cells) in enumerate(ledger.rows, 1):
        line = read_row(number, cells, ledger.columns)
        if isinstance(line, LedgerRow):
            seen = first_row.setdefault(line.decision_number, number)
            if seen != number:
                problem = Problem.of(
                    "decision_number", N_("the same decision is on row {row}"), row=seen
                )
                line = InvalidRow(number, (problem,))
        if isinstance(line, InvalidRow):
            decided.invalid.append(line)
        else:
            await _decide(store, line, by, rules, decided)
        if index % _YIELD_EVERY == 0:
            await asyncio.sleep(0)
    return decided


async def _decide(
    store: EventStore, line: LedgerRow, by: Acting, rules: RehabRules, decided: Decided
) -> None:
    keyring = store.keyring
    assert keyring is not None, "rehab's store seals personal data"
    case_id = decision_case_id(keyring, line.decision_number)
    if (await store.head(stream_of(case_id))).version:
        decided.already += 1
        return
    try:
        person_id, office = await _person(store, line, by)
    except DomainError as error:
        decided.invalid.append(
            InvalidRow(line.row, (Problem.from_error(error, "document_number"),))
        )
        return
    events = decide_row(
        line, person_id=person_id, office=office, case_id=case_id, rules=rules, by=by
    )
    if isinstance(events, InvalidRow):
        decided.invalid.append(events)
    else:
        decided.streams.append(NewStream("rehab_case", stream_of(case_id), events))


async def _person(store: EventStore, line: LedgerRow, by: Acting) -> tuple[str, str]:
    """(person id, office) of the row's person: living, in ``by``'s subtree, named."""
    assert store.keyring is not None
    found = await find_person_by_document(
        store.pool, store.keyring, line.document_number
    )
    if found is None or not OfficeCode(by.office).covers(found.office):
        # Outside the subtree reads as unknown: the ledger learns nothing of others.
        raise NoPersonWithThatId(
            N_(
                "no person in the registry of your office has this ID number:"
                " register them first"
            ),
            field="document_number",
        )
    person = await living_person(store.pool, found.person_id, field="document_number")
    if line.name and line.name != person.name:
        raise DomainError(
            N_("the name differs from the registry's for this ID number"), field="name"
        )
    return person.person_id, person.office


async def import_ledger(
    store: EventStore,
    ledger: Ledger,
    *,
    by: Acting,
    rules: RehabRules,
    batch_size: int = BATCH_SIZE,
    after_batch: AfterBatch | None = None,
) -> ImportResult:
    """Open a case for every valid row of ``ledger``; the refused rows, with why."""
    decided = await decide_ledger(store, ledger, by=by, rules=rules)
    return await write_decided(
        store,
        decided,
        rows=len(ledger.rows),
        by=by,
        batch_size=batch_size,
        after_batch=after_batch,
    )
