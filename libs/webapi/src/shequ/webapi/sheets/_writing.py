"""A ledger's sheet as the reader sees it: texts translated, values shown; and CSV.

``page_of`` and ``shown_rows`` turn a ``Sheet`` (marked texts, raw values) into what
``_layout`` writes; ``write_workbook`` does both in the caller's thread, for a workbook
written in memory. A download writes in a process of its own (``_apart``).
"""

from __future__ import annotations

import csv
from collections.abc import AsyncIterable, Callable, Iterable, Sequence
from datetime import date
from typing import IO, Any

from shequ.contracts.messages import N_
from shequ.i18n import Language, render, translate
from shequ.webapi.sheets._layout import Page, lay_out
from shequ.webapi.sheets._model import CHINA, Heading, Sheet

Shows = Sequence[Callable[[Any], Any]]


def write_workbook(
    out: IO[bytes], sheets: Sequence[Sheet], heading: Heading, language: Language
) -> None:
    """Write ``sheets`` to ``out`` as one workbook, a sheet per ledger."""
    lay_out(
        out,
        (
            (page_of(sheet, heading, language), shown_rows(sheet, language))
            for sheet in sheets
        ),
    )


def write_csv(out: IO[str], sheet: Sheet, language: Language) -> None:
    """One ledger as CSV: a UTF-8 BOM (so Excel reads the Chinese), header, rows."""
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([translate(c.header, language) for c in sheet.columns])
    for row in shown_rows(sheet, language):
        writer.writerow(["" if v is None else v for v in row])


def page_of(sheet: Sheet, heading: Heading, language: Language) -> Page:
    """The sheet's texts in ``language``: title and heading lines, header, footer."""
    title = translate(sheet.title, language)
    return Page(
        name=title,
        title=_title(title, heading, language),
        subtitle=_subtitle(heading, language),
        headers=[translate(c.header, language) for c in sheet.columns],
        kinds=[c.kind for c in sheet.columns],
        footer=translate(N_("Page &P of &N"), language),
    )


def shows_of(sheet: Sheet, language: Language) -> Shows:
    """How each column shows a value in ``language``: a word, text, a number, a date."""
    return [c.show(language) for c in sheet.columns]


def shown(shows: Shows, row: Sequence[Any]) -> list[Any]:
    """A row's values as its cells show them."""
    return [show(value) for show, value in zip(shows, row, strict=True)]


def shown_rows(sheet: Sheet, language: Language) -> Iterable[list[Any]]:
    """The sheet's rows (a plain iterable), each value as its cell shows it."""
    if isinstance(sheet.rows, AsyncIterable):
        raise TypeError("a sheet's async rows are read by excel_response/csv_response")
    shows = shows_of(sheet, language)
    return (shown(shows, row) for row in sheet.rows)


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
