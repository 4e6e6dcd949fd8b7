"""What an import reports: counts, the invalid rows with their reasons, refusals.

A row number is the one a spreadsheet shows (the header is row 1), so a clerk can go
straight to the line at fault. A refusal (:class:`ImportRefused`) concerns the whole
file or office and is raised before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from shequ.contracts import DomainError

Row = tuple[int, list[str]]  # (row number as a spreadsheet shows it, cells)


class ImportRefused(DomainError):
    """The file cannot be imported at all (unreadable, a column missing, office).

    ``field`` names the input at fault: the file itself (by default), or the office.
    Over HTTP it is a 422 naming that field, answered before the job begins.
    """

    code = "import-refused"

    def __init__(self, message: str, field: str = "file") -> None:
        super().__init__(message, field=field)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a row: the field at fault and what is wrong, in words."""

    field: str
    message: str


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
