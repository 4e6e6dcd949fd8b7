"""A workbook written in a process of its own, fed the shown rows through a pipe.

XlsxWriter's per-cell work is most of a large export's time (about 4.5 s of a
100,000-row ledger here). In a thread it shares the service's one interpreter lock
with the event loop that reads the rows, and every other request waits on it too; in a
process of its own it runs beside them on another core. The rows are read, shown in the
reader's language and sent pickled, a chunk at a time, on the writer's standard input;
the pipe is bounded, so memory stays flat on both sides.

The writer is ``_layout.py`` run as a script, which imports XlsxWriter alone: started
afresh for each download, it costs about 50 ms and about 25 MB. At most ``WRITERS``
run at once in a process (one per core); a download beyond them waits its turn, so a
district's offices exporting at the same moment cannot exhaust the server's memory.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import sys
import weakref
from asyncio.subprocess import DEVNULL, PIPE, Process
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from dataclasses import asdict
from typing import Any

from shequ.i18n import Language
from shequ.webapi.sheets import _layout
from shequ.webapi.sheets._model import Heading, Sheet
from shequ.webapi.sheets._writing import page_of, shown, shows_of

CHUNK_ROWS = 500
WRITERS = os.cpu_count() or 2
_END_OF_PAGE = None
# A semaphore belongs to one event loop; tests and tools run several in a process.
_SLOTS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


class WriterFailed(RuntimeError):
    """The workbook's writer process failed; the message says how."""


async def write_apart(
    path: str, sheets: Sequence[Sheet], heading: Heading, language: Language
) -> None:
    """Write ``sheets`` as one workbook to the file at ``path``, in another process.

    A failure reading the rows (a cursor whose database went away) is raised as it
    is, and the writer is stopped; a failure of the writer is raised as
    ``WriterFailed``. Cancelled, the writer is stopped too.
    """
    async with _slots():
        await _write(path, sheets, heading, language)


def _slots() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    if (slots := _SLOTS.get(loop)) is None:
        slots = _SLOTS[loop] = asyncio.Semaphore(WRITERS)
    return slots


async def _write(
    path: str, sheets: Sequence[Sheet], heading: Heading, language: Language
) -> None:
    writer = await asyncio.create_subprocess_exec(
        sys.executable, _layout.__file__, path, stdin=PIPE, stdout=DEVNULL, stderr=PIPE
    )
    try:
        try:
            for sheet in sheets:
                await _send(writer, asdict(page_of(sheet, heading, language)))
                async for chunk in _chunks(sheet, language):
                    await _send(writer, chunk)
                await _send(writer, _END_OF_PAGE)
            _stdin(writer).close()  # the end: the writer closes the workbook
        except (BrokenPipeError, ConnectionResetError):
            pass  # the writer stopped; what it said and its exit code tell why
        assert writer.stderr is not None
        said = await writer.stderr.read()
        if await writer.wait() != 0:
            last = said.decode(errors="replace").strip().splitlines()[-1:]
            raise WriterFailed(f"the workbook's writer failed: {''.join(last)}")
    finally:
        if writer.returncode is None:
            writer.kill()
            await writer.wait()


async def _send(writer: Process, item: object) -> None:
    stdin = _stdin(writer)
    stdin.write(pickle.dumps(item, pickle.HIGHEST_PROTOCOL))
    await stdin.drain()  # a full pipe waits here until the writer catches up


def _stdin(writer: Process) -> asyncio.StreamWriter:
    assert writer.stdin is not None
    return writer.stdin


async def _chunks(sheet: Sheet, language: Language) -> AsyncIterator[list[list[Any]]]:
    shows = shows_of(sheet, language)
    chunk: list[list[Any]] = []
    async for row in _each(sheet):
        chunk.append(shown(shows, row))
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def _each(sheet: Sheet) -> AsyncIterator[Sequence[Any]]:
    if isinstance(sheet.rows, AsyncIterable):
        async for row in sheet.rows:
            yield row
    else:
        for row in sheet.rows:
            yield row
