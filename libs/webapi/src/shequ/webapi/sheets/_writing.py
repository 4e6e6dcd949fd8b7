"""Writing sheets: an .xlsx workbook (XlsxWriter, constant memory) or CSV text.

Column widths are fitted to the header and the first rows (a streamed sheet cannot look
further ahead): a Chinese character is two widths, as Excel draws it.
"""

from __future__ import annotations

import csv
import functools
import itertools
import unicodedata
from collections.abc import AsyncIterable, Callable, Iterable, Sequence
from datetime import date, datetime
from typing import IO, Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from shequ.contracts.messages import N_
from shequ.i18n import Language, render, translate
from shequ.webapi.sheets._model import CHINA, Column, Heading, Sheet

TITLE_ROWS = 2  # the title, then as of / exported by
HEADER_ROW = TITLE_ROWS
FIT_ROWS = 200  # rows read ahead to fit the column widths
WIDTHS = {"date": 12.0, "datetime": 17.0}
A4 = 9  # XlsxWriter's paper code
SHEET_NAME = 31  # characters Excel allows in a sheet's name


def write_workbook(
    out: IO[bytes], sheets: Sequence[Sheet], heading: Heading, language: Language
) -> None:
    """Write ``sheets`` to ``out`` as one workbook, a sheet per ledger."""
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    try:
        formats = _formats(workbook)
        for sheet in sheets:
            _write_sheet(workbook, formats, sheet, heading, language)
    finally:
        workbook.close()


def write_csv(out: IO[str], sheet: Sheet, language: Language) -> None:
    """One ledger as CSV: a UTF-8 BOM (so Excel reads the Chinese), header, rows."""
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([translate(c.header, language) for c in sheet.columns])
    shows = [c.show(language) for c in sheet.columns]
    for row in _rows(sheet):
        writer.writerow(["" if v is None else v for v in _shown(shows, row)])


def _rows(sheet: Sheet) -> Iterable[Sequence[Any]]:
    if isinstance(sheet.rows, AsyncIterable):
        raise TypeError("a sheet's async rows are read by excel_response/csv_response")
    return sheet.rows


def _shown(shows: Sequence[Callable[[Any], Any]], row: Sequence[Any]) -> list[Any]:
    return [show(value) for show, value in zip(shows, row, strict=True)]


def _formats(workbook: Workbook) -> dict[str, Any]:
    cell = {"border": 1, "valign": "vcenter", "font_size": 10}
    return {
        "title": workbook.add_format(
            {"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}
        ),
        "heading": workbook.add_format({"font_size": 10, "align": "left"}),
        "header": workbook.add_format(
            cell
            | {
                "bold": True,
                "align": "center",
                "text_wrap": True,
                "bg_color": "#D9E1F2",
            }
        ),
        "text": workbook.add_format(cell | {"text_wrap": True}),
        "id": workbook.add_format(cell | {"num_format": "@"}),
        "number": workbook.add_format(cell),
        "date": workbook.add_format(
            cell | {"num_format": "yyyy-mm-dd", "align": "center"}
        ),
        "datetime": workbook.add_format(
            cell | {"num_format": "yyyy-mm-dd hh:mm", "align": "center"}
        ),
    }


def _write_sheet(
    workbook: Workbook,
    formats: dict[str, Any],
    sheet: Sheet,
    heading: Heading,
    language: Language,
) -> None:
    title = translate(sheet.title, language)
    page = workbook.add_worksheet(_sheet_name(title, workbook))
    columns = sheet.columns
    shows = [c.show(language) for c in columns]
    rows = iter(_rows(sheet))
    ahead = [_shown(shows, r) for r in itertools.islice(rows, FIT_ROWS)]
    headers = [translate(c.header, language) for c in columns]
    for index, column in enumerate(columns):
        page.set_column(index, index, _width(column, index, headers[index], ahead))
    last = max(len(columns) - 1, 1)
    page.set_row(0, 30)
    page.merge_range(0, 0, 0, last, _title(title, heading, language), formats["title"])
    page.merge_range(1, 0, 1, last, _subtitle(heading, language), formats["heading"])
    page.write_row(HEADER_ROW, 0, headers, formats["header"])
    writers = [_writer(page, formats, c) for c in columns]
    row_number = HEADER_ROW + 1
    for values in itertools.chain(ahead, (_shown(shows, r) for r in rows)):
        for col, (write, value) in enumerate(zip(writers, values, strict=True)):
            write(row_number, col, value)
        row_number += 1
    _print_setup(page, language)


CellWriter = Callable[[int, int, Any], Any]


def _direct(page: Worksheet, name: str) -> Callable[..., Any]:
    """``page.<name>`` without its A1-notation wrapper, bound to ``page``.

    XlsxWriter's public writers are wrapped (``functools.wraps``) to accept "B3" as
    well as (row, col); we always pass numbers, and the wrapper costs about a quarter
    of a 100,000-row ledger's time. ``__wrapped__`` is the same public method unwrapped.
    """
    method = getattr(type(page), name)
    unwrapped = getattr(method, "__wrapped__", method)
    return functools.partial(unwrapped, page)


def _writer(page: Worksheet, formats: dict[str, Any], column: Column) -> CellWriter:
    """How a shown value of ``column`` is written: chosen once, called per cell."""
    blank, text = _direct(page, "write_blank"), _direct(page, "write_string")
    fmt = formats["id" if column.kind == "id" else "text"]
    if column.kind in ("date", "datetime"):
        as_date, date_fmt = _direct(page, "write_datetime"), formats[column.kind]

        def write_date(row: int, col: int, value: Any) -> Any:
            if isinstance(value, date):
                return as_date(row, col, value, date_fmt)
            return _write_any(page, formats, row, col, value, fmt)

        return write_date
    if column.kind == "number":
        return lambda row, col, value: _write_any(page, formats, row, col, value, fmt)

    def write_text(row: int, col: int, value: Any) -> Any:
        if value is None:
            return blank(row, col, None, fmt)
        if type(value) is str:
            return text(row, col, value, fmt)
        return _write_any(page, formats, row, col, value, fmt)

    return write_text


def _write_any(  # noqa: PLR0917 - a cell writer's arguments, in XlsxWriter's order
    page: Worksheet, formats: dict[str, Any], row: int, col: int, value: Any, fmt: Any
) -> Any:
    """Any value by its type: blank, date, number or text."""
    if value is None:
        return page.write_blank(row, col, None, fmt)
    if isinstance(value, datetime):
        return page.write_datetime(row, col, value, formats["datetime"])
    if isinstance(value, date):
        return page.write_datetime(row, col, value, formats["date"])
    if isinstance(value, int | float) and not isinstance(value, bool):
        return page.write_number(row, col, value, formats["number"])
    return page.write_string(row, col, str(value), fmt)


def _print_setup(page: Worksheet, language: Language) -> None:
    page.freeze_panes(HEADER_ROW + 1, 0)
    page.repeat_rows(0, HEADER_ROW)
    page.set_landscape()
    page.set_paper(A4)
    page.fit_to_pages(1, 0)  # every column on the page's width, as many pages long
    page.center_horizontally()
    page.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    page.set_footer("&C" + translate(N_("Page &P of &N"), language))


def _title(title: str, heading: Heading, language: Language) -> str:
    return render(
        N_("{ledger}, {office}"),
        {"ledger": title, "office": heading.office.name},
        language,
    )


def _subtitle(heading: Heading, language: Language) -> str:
    when = heading.exported_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    return render(
        N_("As of {date}. Exported by {who} on {when}. Office: {office}"),
        {
            "date": _day(heading.as_of, language),
            "who": heading.exported_by,
            "when": when,
            "office": heading.office,
        },
        language,
    )


def _day(day: date, language: Language) -> str:
    return (
        f"{day.year}年{day.month}月{day.day}日" if language == "zh" else day.isoformat()
    )


def _width(column: Column, index: int, header: str, ahead: list[list[Any]]) -> float:
    """Characters wide: the widest of the header and the first rows, within 6–50."""
    if column.kind in WIDTHS:
        return max(WIDTHS[column.kind], _display_width(header) + 2)
    cells = (row[index] for row in ahead if row[index] is not None)
    widest = max([_display_width(header), *(_display_width(str(v)) for v in cells)])
    return float(min(50, max(6, widest + 2)))


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet_name(title: str, workbook: Workbook) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:SHEET_NAME] or "Sheet"
    taken = {s.name for s in workbook.worksheets()}
    base, n = name, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: SHEET_NAME - len(suffix)] + suffix, n + 1
    return name
