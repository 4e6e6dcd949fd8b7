"""Reading a ledger (台帐) file: CSV in UTF-8 or GBK, or an Excel workbook.

From a path (the command line) or from bytes (an upload over HTTP), alike.

Only cells come out, as text, each row with the number a spreadsheet shows (the first
line is row 1). Blank rows are skipped but keep their numbers. What a column means is
decided by each service's domain (``shequ.contracts.ledgers.locate_header``). Excel
in China saves CSV as GBK, so a file that is not UTF-8 (with or without BOM) is read
as GB 18030, the superset of GBK.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from shequ.contracts.ledgers import ImportRefused, Row
from shequ.contracts.messages import N_

_ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive


def read_ledger(path: Path) -> list[Row]:
    """The non-blank rows of a CSV or XLSX ledger, or :class:`ImportRefused`."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(
            N_("cannot read {path}: {error}"), path=str(path), error=error.strerror
        ) from None
    return parse_ledger(data, str(path))


def parse_ledger(data: bytes, name: str) -> list[Row]:
    """The non-blank rows of the ledger ``data`` (a file called ``name``)."""
    if data.startswith(_ZIP_MAGIC):
        cells = _xlsx_rows(data, name)
    else:
        try:
            cells = list(csv.reader(io.StringIO(_decode(name, data), newline="")))
        except csv.Error as error:
            raise ImportRefused(
                N_("{name} is not a readable CSV file: {error}"),
                name=name,
                error=str(error),
            ) from None
    rows = [
        (number, [cell.strip() for cell in row])
        for number, row in enumerate(cells, 1)
        if any(cell.strip() for cell in row)
    ]
    if not rows:
        raise ImportRefused(N_("{name} is empty"), name=name)
    return rows


def _decode(name: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused(
        N_("{name} is neither UTF-8 nor GBK text, nor an .xlsx workbook"), name=name
    )


def _xlsx_rows(data: bytes, name: str) -> list[list[str]]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise ImportRefused(
            N_("{name} is not a readable .xlsx workbook: {error}"),
            name=name,
            error=str(error),
        ) from None
    try:
        sheet = book.worksheets[0]
        return [
            [_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
    except (ValueError, TypeError, KeyError, zipfile.BadZipFile, ParseError) as error:
        # A zip whose sheets are broken fails only here, while its rows are read.
        raise ImportRefused(
            N_("{name} has a sheet that cannot be read: {error}"),
            name=name,
            error=str(error),
        ) from None
    finally:
        book.close()


def _text(value: object) -> str:
    """A cell as text: dates as ISO dates, whole numbers without ``.0``."""
    match value:
        case None:
            return ""
        case datetime():
            return value.date().isoformat()
        case date():
            return value.isoformat()
        case float() if value.is_integer():
            return str(int(value))
        case _:
            return str(value).strip()
