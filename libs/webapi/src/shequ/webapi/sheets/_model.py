"""What a ledger declares: its title, its columns, its rows; and whose file it is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from shequ.contracts.messages import N_, Msg
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

    def shown(self, value: Any, language: Language) -> Any:  # noqa: PLR0911 - one per kind
        """``value`` as a cell holds it: a word, text, a number or a date."""
        if value is None:
            return None
        if self.labels:
            word = self.labels.get(str(value))
            return translate(word, language) if word else str(value)
        match self.kind:
            case "yesno":
                return translate(YES_NO[0] if value else YES_NO[1], language)
            case "list":
                separator = "、" if language == "zh" else ", "
                return separator.join(str(v) for v in value)
            case "id" | "text":
                return value.shown(language) if isinstance(value, Named) else str(value)
            case "datetime" if isinstance(value, datetime):
                return value.astimezone(CHINA).replace(tzinfo=None)
        return value


@dataclass(frozen=True)
class Sheet:
    """One ledger: its title (a marked text), its columns and its rows.

    A row is the values in column order; rows may be a generator, read once.
    """

    title: Msg
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]

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
