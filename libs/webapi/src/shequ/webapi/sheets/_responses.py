"""Sheets as downloads: the file is written to a temporary file, then streamed.

The file never sits whole in memory: XlsxWriter's constant-memory mode writes each row
to disk as it goes (in a process of its own, ``_apart``), and the response reads the
finished file back in chunks.
"""

from __future__ import annotations

import asyncio
import io
import os
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO, Any
from urllib.parse import quote

from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from shequ.i18n import Language
from shequ.webapi.sheets._apart import write_apart
from shequ.webapi.sheets._feeding import write_fed
from shequ.webapi.sheets._model import Heading, Sheet
from shequ.webapi.sheets._writing import write_csv

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
_FILE = {"schema": {"type": "string", "format": "binary"}}
#: ``responses=`` of a route answering a workbook, so its OpenAPI says so.
EXCEL_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {"description": "the ledger as an Excel workbook", "content": {XLSX: _FILE}}
}
#: ``responses=`` of a route answering a workbook or, on request, CSV.
EXCEL_OR_CSV_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the ledgers as an Excel workbook, or one ledger as CSV",
        "content": {XLSX: _FILE, CSV: _FILE},
    }
}
CHUNK = 1 << 16
IN_MEMORY = 1 << 22  # a file this small never touches the disk


async def excel_response(
    filename: str, sheets: Sequence[Sheet], heading: Heading, language: Language
) -> StreamingResponse:
    """A download of ``sheets`` as ``filename`` (.xlsx), one sheet per ledger."""
    handle, path = tempfile.mkstemp(prefix="shequ-", suffix=".xlsx")
    os.close(handle)
    try:
        await write_apart(path, sheets, heading, language)
        file = await asyncio.to_thread(open, path, "rb")  # closed once streamed
    finally:
        os.unlink(path)  # an open file stays readable; nothing is left behind
    file.seek(0, io.SEEK_END)
    return _download(file, filename, XLSX)


async def csv_response(
    filename: str, sheet: Sheet, language: Language
) -> StreamingResponse:
    """A download of one ledger as ``filename`` (.csv, UTF-8 with a BOM)."""
    file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - streamed
    text = io.TextIOWrapper(file, encoding="utf-8", newline="")
    try:
        await write_fed(lambda fed: write_csv(text, fed[0], language), [sheet])
    except BaseException:
        text.close()  # and the file under it
        raise
    text.flush()
    text.detach()
    return _download(file, filename, CSV)


def _download(file: IO[bytes], filename: str, media_type: str) -> StreamingResponse:
    size = file.tell()
    file.seek(0)
    headers = {
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
        "Content-Length": str(size),
    }
    # Closed once sent, or when the client went away before the body was read.
    return StreamingResponse(
        _chunks(file),
        media_type=media_type,
        headers=headers,
        background=BackgroundTask(file.close),
    )


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    with file:  # closed when read to the end, or when the stream is dropped
        while chunk := file.read(CHUNK):
            yield chunk
