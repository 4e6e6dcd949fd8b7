"""What an import reports: counts, the invalid rows with their reasons, refusals.

A row number is the one a spreadsheet shows (the header is row 1), so a clerk can go
straight to the line at fault. A refusal (:class:`ImportRefused`) concerns the whole
file or office and is raised before anything is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from shequ.contracts import DomainError
from shequ.contracts.messages import N_, Msg, english

Row = tuple[int, list[str]]  # (row number as a spreadsheet shows it, cells)


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
    """Rows read; files opened; rows whose document was already on file; invalid."""

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
