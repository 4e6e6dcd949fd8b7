"""The terminal's side of ``shequ audit``: aligned tables and the arguments it reads.

Chinese characters take two columns; a date is read as a whole day in China
(``domain.moments``). Progress and errors go to stderr, tables to stdout; refusals of
an argument are in the terminal's language.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime

from shequ.access import CHINA
from shequ.contracts.messages import N_
from shequ.i18n import Language, render
from shequ.service import moment


def say(message: str) -> None:
    """Progress and errors, for the person at the terminal."""
    print(f"shequ audit: {message}", file=sys.stderr, flush=True)


def _width(text: str) -> int:
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cell(value: object) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, datetime):
        return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, list):
        return "、".join(map(str, value)) or "-"
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Plain text columns aligned for the terminal, a rule under the headers."""
    cells = [list(headers), *([cell(v) for v in row] for row in rows)]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True))
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


LARGEST = 1_000_000  # as a page number over HTTP: no offset past what PostgreSQL takes


def positive(language: Language) -> Callable[[str], int]:
    """A reader of whole numbers from 1 to :data:`LARGEST`, refusing in ``language``."""

    def read(text: str) -> int:
        if not text.isdigit() or not 1 <= int(text) <= LARGEST:
            raise argparse.ArgumentTypeError(
                render(
                    N_("not a whole number from 1 to {largest}: {text}"),
                    {"largest": LARGEST, "text": text},
                    language,
                )
            )
        return int(text)

    return read


def moment_reader(language: Language, *, day_end: bool) -> Callable[[str], datetime]:
    """A reader of a date (its first or, ``day_end``, last moment) or a date-time."""

    def read(text: str) -> datetime:
        try:
            return moment(text, day_end=day_end)
        except ValueError:
            raise argparse.ArgumentTypeError(
                render(N_("not an ISO date or time: {text}"), {"text": text}, language)
            ) from None

    return read
