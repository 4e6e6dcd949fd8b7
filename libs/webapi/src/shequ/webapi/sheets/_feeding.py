"""Rows read from the database while a CSV file is written: memory stays flat.

A sheet whose rows are an async iterable (a database cursor) is fed to the writer's
thread through a small bounded queue, a chunk at a time, in the order the writer asks
for the sheets; the event loop reads the next rows while the thread writes. A failure
on either side ends the other.
"""

from __future__ import annotations

import asyncio
import queue
from collections.abc import AsyncIterable, Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from shequ.webapi.sheets._model import Sheet

CHUNK_ROWS = 500
QUEUED_CHUNKS = 8  # at most this many chunks wait for the writer
_END = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


class _Feed:
    """One async sheet's rows, handed from the event loop to the writer's thread."""

    def __init__(self, rows: AsyncIterable[Sequence[Any]]) -> None:
        self.rows = rows
        self.chunks: queue.Queue[object] = queue.Queue(maxsize=QUEUED_CHUNKS)

    def __iter__(self) -> Iterator[Sequence[Any]]:  # runs in the writer's thread
        while (chunk := self.chunks.get()) is not _END:
            if isinstance(chunk, _Failed):
                raise chunk.error
            assert isinstance(chunk, list)
            yield from chunk

    async def fill(self, writer: asyncio.Future[None]) -> None:
        chunk: list[Sequence[Any]] = []
        try:
            async for row in self.rows:
                chunk.append(row)
                if len(chunk) == CHUNK_ROWS:
                    await self._put(chunk, writer)
                    chunk = []
        except BaseException as error:
            await self._put(_Failed(error), writer)
            raise
        await self._put(chunk, writer)
        await self._put(_END, writer)

    async def _put(self, item: object, writer: asyncio.Future[None]) -> None:
        while True:
            try:
                self.chunks.put_nowait(item)
                return
            except queue.Full:
                if writer.done():  # the writer stopped: nobody will take it
                    raise asyncio.CancelledError from None
                await asyncio.sleep(0.005)


async def write_fed(
    write: Callable[[Sequence[Sheet]], None], sheets: Sequence[Sheet]
) -> None:
    """Run ``write(sheets)`` in a thread, feeding the sheets whose rows are async."""
    feeds: list[_Feed] = []
    plain: list[Sheet] = []
    for sheet in sheets:
        if isinstance(sheet.rows, AsyncIterable):
            feed = _Feed(sheet.rows)
            feeds.append(feed)
            plain.append(replace(sheet, rows=feed))
        else:
            plain.append(sheet)
    writer = asyncio.ensure_future(asyncio.to_thread(write, plain))
    try:
        for feed in feeds:  # in the writer's order: it reads one sheet to its end
            await feed.fill(writer)
    except asyncio.CancelledError:
        if not writer.done():
            raise
    except BaseException:
        # The writer was told (it raises the same error); let it finish with the
        # file before the caller closes it.
        await asyncio.gather(writer, return_exceptions=True)
        raise
    await writer  # raises the writer's own failure, if any
