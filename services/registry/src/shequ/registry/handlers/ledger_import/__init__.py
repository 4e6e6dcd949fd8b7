"""Importing a resident ledger (台帐): read it, check each row, write the valid ones.

The rows are checked by the pure rules of ``domain/ledger_import``; here the file is
read (``shequ.service.ledgers``) and the valid rows written batch by batch
(:mod:`._write`). The command line (``shequ-registry import``) and an upload over
HTTP (handlers/import_jobs.py) go through the same steps: :func:`open_ledger` or
:func:`read_ledger`, :func:`check_office`, :func:`import_rows`.

Nothing is written until the file is read, its header found and the office checked:
an :class:`ImportRefused` leaves the database as it was. A document met twice in the
file makes the later row invalid; one already on file counts as already registered.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from shequ.access import Acting, OfficeCode
from shequ.contracts import DomainError
from shequ.contracts.ledgers import Ledger
from shequ.contracts.messages import N_, Msg
from shequ.eventstore import EventStore
from shequ.registry.domain.ledger_import import (
    HEADERS,
    REQUIRED,
    ImportRefused,
    ImportResult,
    InvalidRow,
    Problem,
    Row,
    ValidRow,
    check_row,
)
from shequ.registry.domain.rules import residents_office
from shequ.registry.handlers.ledger_import._write import Writer
from shequ.registry.handlers.offices import office_is_open
from shequ.service.ledgers import AfterBatch, Progress, parse_ledger
from shequ.service.ledgers import read_ledger as _read_file

__all__ = [
    "BATCH_SIZE",
    "AfterBatch",
    "Ledger",
    "Progress",
    "check_office",
    "import_ledger",
    "import_rows",
    "open_ledger",
    "read_ledger",
]

BATCH_SIZE = 1000
_YIELD_EVERY = 100  # rows checked between turns of the batch being written


def read_ledger(path: Path) -> Ledger:
    """The ledger in the file at ``path``, or :class:`ImportRefused`."""
    return Ledger.of(_read_file(path), HEADERS, REQUIRED)


def open_ledger(data: bytes, name: str) -> Ledger:
    """The ledger in ``data``, an uploaded file called ``name``, or refused."""
    return Ledger.of(parse_ledger(data, name), HEADERS, REQUIRED)


async def import_ledger(
    store: EventStore,
    path: Path,
    *,
    office: str,
    by: Acting,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> ImportResult:
    """Register every valid row of the ledger at ``path`` as a resident of ``office``.

    Raises :class:`ImportRefused`, having written nothing, when the file cannot be
    read, lacks a required column, or ``office`` is not an open residents' office
    within ``by.office``'s subtree.
    """
    ledger = read_ledger(path)
    return await import_rows(
        store, ledger, office=office, by=by, batch_size=batch_size, progress=progress
    )


async def import_rows(
    store: EventStore,
    ledger: Ledger,
    *,
    office: str,
    by: Acting,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    after_batch: AfterBatch | None = None,
) -> ImportResult:
    """Register every valid row of ``ledger`` as a resident of ``office``.

    Each batch is one transaction; ``after_batch`` is told the counts once a batch
    is committed. :class:`ImportRefused` (nothing written) as :func:`import_ledger`.
    """
    data = ledger.rows
    await check_office(store, office, by)
    checker, writer = _Checker(ledger.columns, office, by), Writer(store, by)
    for start in range(0, len(data), batch_size):
        await writer.write(await checker.check(data[start : start + batch_size]))
        if progress is not None and start:
            progress(start, len(data))
        if after_batch is not None and start:
            await after_batch(_result(start, writer, checker))
    await writer.finish()
    if progress is not None:
        progress(len(data), len(data))
    return _result(len(data), writer, checker)


def _result(read: int, writer: Writer, checker: _Checker) -> ImportResult:
    invalid = tuple(checker.invalid)
    return ImportResult(read, writer.added, writer.already_registered, invalid)


async def check_office(store: EventStore, office: str, by: Acting) -> None:
    """Refuse (:class:`ImportRefused`) an office not open for residents in ``by``'s."""
    try:
        is_open = await office_is_open(store, office)
        code = residents_office(office, is_open=is_open, field="office")
    except DomainError as error:
        raise ImportRefused(
            Msg(error.template), field="office", **error.params
        ) from None
    if not OfficeCode(by.office).covers(code):
        raise ImportRefused(
            N_("office {office} is outside the subtree of office {actor_office}"),
            field="office",
            office=office,
            actor_office=by.office,
        )


class _Checker:
    """Checks rows, remembering each document's first row and every invalid row."""

    def __init__(self, columns: dict[str, int], office: str, by: Acting) -> None:
        self.columns, self.office, self.by = columns, office, by
        self.first_row: dict[tuple[str, str], int] = {}
        self.invalid: list[InvalidRow] = []

    async def check(self, rows: list[Row]) -> list[ValidRow]:
        """The valid rows of a batch, letting the batch in flight proceed meanwhile."""
        valid: list[ValidRow] = []
        for index, (number, cells) in enumerate(rows, 1):
            checked = self._unique(
                check_row(number, cells, self.columns, self.office, self.by)
            )
            if isinstance(checked, ValidRow):
                valid.append(checked)
            else:
                self.invalid.append(checked)
            if index % _YIELD_EVERY == 0:
                await asyncio.sleep(0)
        return valid

    def _unique(self, checked: ValidRow | InvalidRow) -> ValidRow | InvalidRow:
        """The row, or invalid when an earlier row of the file holds its document."""
        if isinstance(checked, InvalidRow):
            return checked
        first = self.first_row.setdefault(checked.document, checked.row)
        if first == checked.row:
            return checked
        problem = Problem.of(
            "document_number", N_("the same document is on row {row}"), row=first
        )
        return InvalidRow(checked.row, (problem,))
