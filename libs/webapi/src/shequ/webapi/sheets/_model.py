"""What a ledger declares: its title, its columns, its rows; and whose file it is."""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from shequ.contracts.messages import N_, Msg
from shequ.contracts.personal import ERASED_DATE, ERASED_TEXT
from shequ.i18n import Language, Named, translate

ColumnKind = Literal["text", "id", "number", "date", "datetime", "yesno", "list"]
"""How a column's values are shown: ``id`` is text that looks like a number (ID card,
phone, office code: never a number in scientific notation); ``yesno`` a bool as 是/否;
``list`` several values in one cell, 、 between them."""

CHINA = ZoneInfo("Asia/Shanghai")

YES_NO = (N_("yes"), N_("no"))


@dataclass(frozen=True)
class Column:
    """One column: the row's field ``key``, its ``header`` and how values show.

    ``labels`` turns a code into words (``{"male": N_("male")}`` → 男), each word a
    marked text in the service's catalogue.
    """

    key: str
    header: Msg
    kind: ColumnKind = "text"
    labels: Mapping[str, Msg] = field(default_factory=dict)

    def shown(self, value: Any, language: Language) -> Any:
        """``value`` as a cell holds it: a word, text, a number or a date."""
        return self.show(language)(value)

    def show(self, language: Language) -> Callable[[Any], Any]:  # noqa: PLR0911
        """How this column shows a value in ``language``, its words translated once.

        A ledger of 100,000 rows calls it per cell, so the choice of kind and the
        look-ups in the catalogue are made here, not per value.
        """
        if self.labels:
            words = {
                code: translate(word, language) for code, word in self.labels.items()
            }
            return lambda v: None if v is None else words.get(str(v), str(v))
        match self.kind:
            case "yesno":
                yes, no = (translate(word, language) for word in YES_NO)
                return lambda v: None if v is None else (yes if v else no)
            case "list":
                separator = "、" if language == "zh" else ", "
                return lambda v: None if v is None else separator.join(map(str, v))
            case "id" | "text":
                return lambda v: _text(v, language)
            case "datetime":
                return _local
            case "date":
                return _day
        return _as_is


def _day(value: Any) -> Any:
    """A date as is, but an erased one (0001-01-01) says so: no sheet shows year 1."""
    return ERASED_TEXT if value == ERASED_DATE else value


def _text(value: Any, language: Language) -> str | None:
    if value is None or type(value) is str:
        return value
    return value.shown(language) if isinstance(value, Named) else str(value)


def _local(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(CHINA).replace(tzinfo=None)
    return value


def _as_is(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Sheet:
    """One ledger: its title (a marked text), its columns and its rows.

    A row is the values in column order; rows may be a generator, read once, or an
    async iterable for a download (``excel_response``, ``csv_response``).
    """

    title: Msg
    columns: Sequence[Column]
    # An async iterable (a database cursor) is read while the file is written.
    rows: Iterable[Sequence[Any]] | AsyncIterable[Sequence[Any]]

    @classmethod
    def of(cls, title: Msg, columns: Sequence[Column], items: Iterable[Any]) -> Sheet:
        """A sheet of ``items`` (models or objects), a cell per column's ``key``."""
        rows = ([getattr(item, c.key) for c in columns] for item in items)
        return cls(title, columns, rows)


@dataclass(frozen=True)
class Heading:
    """Whose ledger, as of when, who exported it, when: the lines above the header."""

    office: Named
    as_of: date
    exported_by: str
    exported_at: datetime
