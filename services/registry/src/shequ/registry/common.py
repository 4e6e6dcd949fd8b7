"""What every registry decider shares: who acts and when, and the rules about offices.

The deciders never read the clock or the database. A handler fills :class:`Acting`
from the verified token and its clock, and looks up what a rule needs to know about
other streams (is that office open? which household is this person in?) before it
builds the command.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from shequ.access import OfficeCode, OfficeLevel
from shequ.contracts import DomainError

# China Standard Time has no daylight saving, so a fixed offset is exact.
CHINA = timezone(timedelta(hours=8), "CST")


@dataclass(frozen=True)
class Acting:
    """The staff member acting, their office and the moment they act (aware)."""

    staff_id: str
    office: str
    now: datetime

    @property
    def today(self) -> date:
        """The local date in China when the command is given; date rules use it."""
        return self.now.astimezone(CHINA).date()


class BlankField(DomainError):
    code = "blank-field"

    def __init__(self, field: str, what: str) -> None:
        super().__init__(f"{what} must not be blank", field=field)


class InvalidOfficeCode(DomainError):
    code = "invalid-office-code"

    def __init__(self, code: str, field: str) -> None:
        super().__init__(
            f"{code!r} is not a division code: 12 digits (district, street,"
            " community), or 15 with a grid",
            field=field,
        )


class OfficeNotOpen(DomainError):
    code = "office-not-open"

    def __init__(self, code: str, field: str) -> None:
        super().__init__(
            f"office {code} is not open: it was closed or never opened", field=field
        )


class NotAResidentsOffice(DomainError):
    code = "not-a-residents-office"

    def __init__(self, code: str, field: str) -> None:
        super().__init__(
            f"office {code} is a {OfficeCode(code).level} office: people and homes"
            " belong to a community, village or grid",
            field=field,
        )


def require_text(value: str, field: str, what: str) -> str:
    """``value`` without surrounding space; :class:`BlankField` if nothing is left."""
    text = value.strip()
    if not text:
        raise BlankField(field, what)
    return text


def distinct(values: Iterable[str]) -> list[str]:
    """The non-blank ``values``, stripped, each once, in their first order."""
    return list(dict.fromkeys(text for value in values if (text := value.strip())))


def office_code(code: str, field: str) -> OfficeCode:
    """``code`` as an :class:`OfficeCode`, or :class:`InvalidOfficeCode`."""
    try:
        return OfficeCode(code)
    except ValueError:
        raise InvalidOfficeCode(code, field) from None


def residents_office(code: str, *, is_open: bool, field: str) -> OfficeCode:
    """An open community, village or grid office, where people and homes belong.

    ``is_open`` is looked up by the handler: true when the office exists and is open.
    """
    office = office_code(code, field)
    if office.level in (OfficeLevel.DISTRICT, OfficeLevel.STREET):
        raise NotAResidentsOffice(code, field)
    if not is_open:
        raise OfficeNotOpen(code, field)
    return office
