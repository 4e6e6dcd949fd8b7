"""Laying out a workbook with XlsxWriter (constant memory): pages of shown values.

Everything here is already in the reader's language: the texts were translated and the
values shown (a word, text, a number, a date) before they came here, so this module
needs nothing of shequ's. Run as a script, it is the writer process of a download
(``_apart``): pickled pages and rows come on its standard input.

Column widths are fitted to the header and the first rows (a streamed sheet cannot look
further ahead): a Chinese character is two widths, as Excel draws it.
"""

from __future__ import annotations

import functools
import itertools
import pickle
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any, BinaryIO

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

if TYPE_CHECKING:  # the writer process imports nothing of shequ's
    from shequ.webapi.sheets._model import ColumnKind

TITLE_ROWS = 2  # the title, then as of / exported by
HEADER_ROW = TITLE_ROWS
FIT_ROWS = 200  # rows read ahead to fit the column widths
WIDTHS = {"date": 12.0, "datetime": 17.0}
A4 = 9  # XlsxWriter's paper code
SHEET_NAME = 31  # characters Excel allows in a sheet's name

Row = Sequence[Any]


@dataclass(frozen=True)
class Page:
    """One sheet's texts, translated: its name, the lines above its header, footer."""

    name: str
    title: str
    subtitle: str
    headers: Sequence[str]
    kinds: Sequence[ColumnKind]
    footer: str


def lay_out(out: IO[bytes] | str, pages: Iterable[tuple[Page, Iterable[Row]]]) -> None:
    """Write each page and its shown rows to ``out``, a sheet after another.

    A page's rows are read to their end before the next page is asked for.
    """
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    try:
        formats = _formats(workbook)
        for page, rows in pages:
            _write_page(workbook, formats, page, rows)
    finally:
        workbook.close()


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


def _write_page(
    workbook: Workbook, formats: dict[str, Any], page: Page, rows: Iterable[Row]
) -> None:
    sheet = workbook.add_worksheet(_sheet_name(page.name, workbook))
    rows = iter(rows)
    ahead = list(itertools.islice(rows, FIT_ROWS))
    for index, kind in enumerate(page.kinds):
        sheet.set_column(index, index, _width(kind, index, page.headers[index], ahead))
    last = max(len(page.kinds) - 1, 1)
    sheet.set_row(0, 30)
    sheet.merge_range(0, 0, 0, last, page.title, formats["title"])
    sheet.merge_range(1, 0, 1, last, page.subtitle, formats["heading"])
    sheet.write_row(HEADER_ROW, 0, page.headers, formats["header"])
    writers = [_writer(sheet, formats, kind) for kind in page.kinds]
    row_number = HEADER_ROW + 1
    for values in itertools.chain(ahead, rows):
        for col, (write, value) in enumerate(zip(writers, values, strict=True)):
            write(row_number, col, value)
        row_number += 1
    _print_setup(sheet, page.footer)


CellWriter = Callable[[int, int, Any], Any]


def _direct(sheet: Worksheet, name: str) -> Callable[..., Any]:
    """``sheet.<name>`` without its A1-notation wrapper, bound to ``sheet``.

    XlsxWriter's public writers are wrapped (``functools.wraps``) to accept "B3" as
    well as (row, col); we always pass numbers, and the wrapper costs about a quarter
    of a 100,000-row ledger's time. ``__wrapped__`` is the same public method unwrapped.
    """
    method = getattr(type(sheet), name)
    unwrapped = getattr(method, "__wrapped__", method)
    return functools.partial(unwrapped, sheet)


def _writer(sheet: Worksheet, formats: dict[str, Any], kind: ColumnKind) -> CellWriter:
    """How a value of a ``kind`` column is written: chosen once, called per cell."""
    blank, text = _direct(sheet, "write_blank"), _direct(sheet, "write_string")
    fmt = formats["id" if kind == "id" else "text"]
    if kind in ("date", "datetime"):
        as_date, date_fmt = _direct(sheet, "write_datetime"), formats[kind]

        def write_date(row: int, col: int, value: Any) -> Any:
            if isinstance(value, date):
                return as_date(row, col, value, date_fmt)
            return _write_any(sheet, formats, row, col, value, fmt)

        return write_date
    if kind == "number":
        return lambda row, col, value: _write_any(sheet, formats, row, col, value, fmt)

    def write_text(row: int, col: int, value: Any) -> Any:
        if value is None:
            return blank(row, col, None, fmt)
        if type(value) is str:
            return text(row, col, value, fmt)
        return _write_any(sheet, formats, row, col, value, fmt)

    return write_text


def _write_any(  # noqa: PLR0917 - a cell writer's arguments, in XlsxWriter's order
    sheet: Worksheet, formats: dict[str, Any], row: int, col: int, value: Any, fmt: Any
) -> Any:
    """Any value by its type: blank, date, number or text."""
    if value is None:
        return sheet.write_blank(row, col, None, fmt)
    if isinstance(value, datetime):
        return sheet.write_datetime(row, col, value, formats["datetime"])
    if isinstance(value, date):
        return sheet.write_datetime(row, col, value, formats["date"])
    if isinstance(value, int | float) and not isinstance(value, bool):
        return sheet.write_number(row, col, value, formats["number"])
    return sheet.write_string(row, col, str(value), fmt)


def _print_setup(sheet: Worksheet, footer: str) -> None:
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.repeat_rows(0, HEADER_ROW)
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)  # every column on the page's width, as many pages long
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.set_footer("&C" + footer)


def _width(kind: ColumnKind, index: int, header: str, ahead: list[Row]) -> float:
    """Characters wide: the widest of the header and the first rows, within 6–50."""
    if kind in WIDTHS:
        return max(WIDTHS[kind], _display_width(header) + 2)
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


def _received(stream: BinaryIO) -> Iterator[tuple[Page, Iterator[Row]]]:
    """Pages from ``stream``: a page's fields, chunks of its rows, ``None``; to EOF.

    Each is a pickle of its own (``pickle.load`` per frame: one unpickler's memo would
    mix up the sender's separate pickles).
    """
    while True:
        try:
            fields = pickle.load(stream)
        except EOFError:
            return
        yield Page(**fields), _rows(stream)


def _rows(stream: BinaryIO) -> Iterator[Row]:
    while (chunk := pickle.load(stream)) is not None:
        yield from chunk


if __name__ == "__main__":  # the writer process: python _layout.py <file>
    lay_out(sys.argv[1], _received(sys.stdin.buffer))
