"""What every list, ledger and export of the service takes: a subtree, a page, a sheet.

A listing covers the subtree of ``within`` (the reader's own office when unset), if the
reader may see it; an export is one page of every row, as an Excel workbook headed
by the office by name, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Response
from pydantic import BaseModel

from shequ.access import Actor, OfficeCode, china_date
from shequ.contracts.messages import Msg
from shequ.employment.domain.access import ACCESS
from shequ.i18n import Language, Named
from shequ.service import PageNumber, PageSize, Reader, Runtime, heading
from shequ.service.people import office_names
from shequ.webapi.sheets import Column, Sheet, excel_response

R = TypeVar("R", bound=BaseModel)  # a reply with ``office`` and ``office_name``
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


async def export(
    rt: Runtime,
    actor: Actor,
    root: OfficeCode,
    filename: str,
    sheets: Sequence[Sheet],
    language: Language,
) -> Response:
    """``sheets`` as a workbook headed by the office ``root`` by name, as of today."""
    top = await heading(rt, actor, str(root), china_date(rt.clock()))
    return await excel_response(filename, sheets, top, language)


async def named(rt: Runtime, reply: R) -> R:
    """``reply`` with its office's name beside the code, as a person reads it."""
    office = getattr(reply, "office", None)
    if office is None:
        return reply
    names = await office_names(rt.pool, [office])
    return reply.model_copy(update={"office_name": names.get(office)})


def sheet(title: Msg, columns: Sequence[Column], items: Iterable[BaseModel]) -> Sheet:
    """A sheet of ``items``, a cell per column: the item's field of the column's key.

    The ``office`` column shows the office by name (东向社区（441900102001）): the
    item's ``office_name`` beside its code.
    """
    rows = ([_value(item, c.key) for c in columns] for item in items)
    return Sheet(title, columns, rows)


def _value(item: BaseModel, key: str) -> object:
    value = getattr(item, key)
    if key == "office" and isinstance(value, str):
        return office_shown(value, getattr(item, "office_name", None))
    return value


def office_shown(code: str, name: str | None) -> Named | str:
    """An office as a sheet shows it: by name beside its code, or the code alone."""
    return Named(code, name) if name else code
