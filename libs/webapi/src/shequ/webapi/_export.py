"""Ledgers as the files offices exchange: Excel (one sheet per ledger) and CSV.

Excel files come from ``_xlsx`` (streaming, inline cells); CSV carries a BOM so Excel
opens the Chinese right.

A :class:`Sheet` names its columns twice, in Chinese (what offices print) and in
English; the caller picks the header language. Rows are plain values in column order.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from fastapi import Response

from shequ.webapi._xlsx import write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Language = Literal["zh", "en"]


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str


@dataclass(frozen=True)
class Sheet:
    """One ledger: a sheet title, its columns and its rows (values in column order)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]

    def headers(self, language: Language) -> list[str]:
        return [c.zh if language == "zh" else c.en for c in self.columns]


def excel_bytes(sheets: Sequence[Sheet], language: Language = "zh") -> bytes:
    """An .xlsx workbook with one sheet per ledger, header row frozen."""
    with tempfile.TemporaryFile() as file:
        write_workbook(file, [(s.title, s.headers(language), s.rows) for s in sheets])
        file.seek(0)
        return file.read()


def csv_text(sheet: Sheet, language: Language = "zh") -> str:
    """One ledger as CSV with a UTF-8 BOM, so Excel opens the Chinese right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(sheet.headers(language))
    for row in sheet.rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"}


def excel_response(
    filename: str, sheets: Sequence[Sheet], language: Language = "zh"
) -> Response:
    """A download of ``sheets`` as ``filename`` (.xlsx)."""
    return Response(
        excel_bytes(sheets, language), media_type=XLSX, headers=_attachment(filename)
    )


def csv_response(filename: str, sheet: Sheet, language: Language = "zh") -> Response:
    """A download of one ledger as ``filename`` (.csv)."""
    return Response(
        csv_text(sheet, language).encode(),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(filename),
    )
