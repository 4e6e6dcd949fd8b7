"""An office's ledger (台帐) imported row by row: the header, the cells, the report.

Pure, and shared by every service that imports a ledger (the registry's residents,
rehab's cases), so each service's domain says only what its columns mean. The header
is the first row naming a known column (a title row above it is skipped); a cell is
read by a parser that raises a :class:`DomainError` naming its field, and
:class:`Cells` collects every problem of a row, not just the first. A row number is
the one a spreadsheet shows, so a clerk goes straight to the line at fault. A refusal
of the whole file (:class:`ImportRefused`) is raised before anything is written.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from shequ.contracts._values import MAX_TEXT, unsafe
from shequ.contracts.errors import DomainError
from shequ.contracts.messages import N_, Msg, english

T = TypeVar("T")
Row = tuple[int, list[str]]  # (row number as a spreadsheet shows it, cells)
Headers = Mapping[str, tuple[str, ...]]  # field → the headers that name it
_HEADER_SEARCH = 10  # rows looked at for the header, below any title rows
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{4})(\d{2})(\d{2})")
# What the safe-value rule says of a value (shequ.contracts.unsafe), said of a cell.
_CELL = {
    "contains the control character U+{code}": N_(
        "the cell contains the control character U+{code}"
    ),
    "is longer than {limit} characters": N_(
        "the cell is longer than {limit} characters"
    ),
    "is outside ±{limit}": N_("the cell is outside ±{limit}"),
}


class ImportRefused(DomainError):
    """The file cannot be imported at all (unreadable, a column missing, office).

    ``field`` names the input at fault: the file itself (by default), or the office.
    Over HTTP it is a 422 naming that field, answered before the job begins.
    """

    code = "import-refused"
    title = N_("The file cannot be imported")

    def __init__(self, message: Msg, field: str = "file", **params: object) -> None:
        super().__init__(message, field=field, **params)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a row: the field at fault and what is wrong, in words.

    ``message`` is the English; ``template`` and ``params`` let the edge show it in
    the reader's language (a download of the refused rows, the command line).
    """

    field: str
    message: str
    template: str = dataclasses.field(default="", compare=False)
    params: Mapping[str, object] = dataclasses.field(
        default_factory=dict, compare=False
    )

    @classmethod
    def of(cls, at: str, template: Msg, **params: object) -> Problem:
        return cls(at, english(template, params), template, params)

    @classmethod
    def from_error(cls, error: DomainError, at: str) -> Problem:
        return cls(error.field or at, error.message, error.template, error.params)


@dataclass(frozen=True)
class InvalidRow:
    """A row left out of the import, with every problem found in it."""

    row: int
    problems: tuple[Problem, ...]

    def lines(self) -> list[str]:
        """One line per problem: ``row 17: document_number: check digit ...``."""
        return [f"row {self.row}: {p.field}: {p.message}" for p in self.problems]


@dataclass(frozen=True)
class ImportResult:
    """Rows read; records added; rows already on file (added before); invalid."""

    read: int
    added: int
    already_registered: int
    invalid_rows: tuple[InvalidRow, ...]

    @property
    def invalid(self) -> int:
        return len(self.invalid_rows)

    def summary(self) -> str:
        return (
            f"read {self.read:,}, added {self.added:,}, already registered "
            f"{self.already_registered:,}, invalid {self.invalid:,}"
        )


@dataclass(frozen=True)
class Ledger:
    """A ledger file read and its header found: its header cells and data rows."""

    header: list[str]
    columns: dict[str, int]
    rows: list[Row]

    @classmethod
    def of(cls, rows: list[Row], headers: Headers, required: tuple[str, ...]) -> Ledger:
        """The ledger of a file's non-blank rows, or :class:`ImportRefused`."""
        at, columns = locate_header(rows, headers, required)
        return cls(rows[at][1], columns, rows[at + 1 :])


def locate_header(
    rows: list[Row], headers: Headers, required: tuple[str, ...]
) -> tuple[int, dict[str, int]]:
    """The header's position among ``rows`` and each known field's column.

    Refused when no row among the first ten names a column, or the header lacks
    one of ``required``.
    """
    known = {name: field for field, names in headers.items() for name in names}
    for index, (number, cells) in enumerate(rows[:_HEADER_SEARCH]):
        columns: dict[str, int] = {}
        for column, cell in enumerate(cells):
            field = known.get(cell.strip(" *").lower().replace(" ", "_"))
            if field is not None:
                columns.setdefault(field, column)
        if columns:
            _complete(number, columns, headers, required)
            return index, columns
    example = ", ".join(headers[field][0] for field in required)
    raise ImportRefused(
        N_("no header row found: name the columns, e.g. {example}"), example=example
    )


def _complete(
    row: int, columns: dict[str, int], headers: Headers, required: tuple[str, ...]
) -> None:
    missing = [field for field in required if field not in columns]
    if missing:
        wanted = "; ".join(f"{f} ({' / '.join(headers[f])})" for f in missing)
        raise ImportRefused(
            N_("the header (row {row}) lacks required columns: {columns}"),
            row=row,
            columns=wanted,
        )


def ledger_date(text: str, field: str) -> date | None:
    """A date as clerks write it: 1990-03-07, 1990/3/7, 19900307, 1990年3月7日."""
    if not text:
        return None
    match = _DATE.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError
        year, month, day = (int(part) for part in match.groups() if part)
        return date(year, month, day)
    except ValueError:
        raise DomainError(
            N_("{text} is not a date: write it as 1990-03-07"),
            field=field,
            text=repr(text),
        ) from None


class Cells:
    """A row's cells by field, and the problems found while reading them."""

    def __init__(self, cells: list[str], columns: Mapping[str, int]) -> None:
        self.text = {
            field: cells[index] if index < len(cells) else ""
            for field, index in columns.items()
        }
        self.problems: list[Problem] = []
        for field, text in self.text.items():
            if reason := unsafe(text):
                # No event may hold it: the row is refused naming the cell, and the
                # rest of the row is still checked, without the offending characters.
                template = _CELL.get(reason.template, N_("the cell {reason}"))
                self.problems.append(
                    Problem.of(field, template, reason=str(reason), **reason.params)
                )
                kept = "".join(ch for ch in text if unsafe(ch) is None)
                self.text[field] = kept[:MAX_TEXT]

    def get(self, field: str, parse: Callable[[str], T], default: T) -> T:
        """The cell read by ``parse``; ``default`` and a problem when it cannot be."""
        try:
            return parse(self.text.get(field, ""))
        except DomainError as error:
            self.problems.append(Problem.from_error(error, field))
            return default
