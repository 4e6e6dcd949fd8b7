"""What every list, ledger and export of the service takes: a subtree, a page, a sheet.

A listing covers the subtree of ``within`` (the reader's own office when unset), if the
reader may see it; an export is one page of every row, as an Excel workbook.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends, Query, Response
from pydantic import BaseModel

from shequ.access import OfficeCode
from shequ.employment.domain.access import ACCESS
from shequ.service import PageNumber, PageSize, Reader
from shequ.webapi import Column, Language, Sheet, excel_response

Within = Annotated[
    OfficeCode | None, Query(description="an office in your subtree; yours if absent")
]
PageNo = PageNumber
Size = PageSize
EVERYTHING = 1_000_000  # an export is one page of every row


def _subtree(actor: Reader, within: Within = None) -> OfficeCode:
    return ACCESS.reading_root(actor, within)


Subtree = Annotated[OfficeCode, Depends(_subtree)]
"""The office whose subtree a listing covers: ``within`` if the reader may see it."""


def export(
    filename: str,
    title: str,
    columns: list[Column],
    rows: Iterable[BaseModel],
    language: Language,
) -> Response:
    """One sheet of ``rows``, a cell per column: the row's field of its key."""
    cells = ([_cell(getattr(row, c.key)) for c in columns] for row in rows)
    return excel_response(filename, [Sheet(title, columns, cells)], language)


def _cell(value: object) -> object:
    """A field as a sheet shows it: a list of names as one text, 、 between them."""
    if isinstance(value, list):
        return "、".join(value)
    return value
