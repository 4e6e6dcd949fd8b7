"""What every registry decider shares: who acts and when, and the rules about offices.

The deciders never read the clock or the database. A handler fills :class:`Acting`
from the verified token and its clock, and looks up what a rule needs to know about
other streams (is that office open? which household is this person in?) before it
builds the command.
"""

from __future__ import annotations

from collections.abc import Iterable

from shequ.access import CHINA, Acting, OfficeCode, OfficeLevel
from shequ.contracts import BlankField, DomainError, require_text
from shequ.contracts.messages import N_

# An office's level as a refusal names it (区, 街道, 社区, 网格).
LEVEL_SAID = {
    OfficeLevel.DISTRICT: N_("district"),
    OfficeLevel.STREET: N_("street"),
    OfficeLevel.COMMUNITY: N_("community"),
    OfficeLevel.GRID: N_("grid"),
}

__all__ = [
    "CHINA",
    "LEVEL_SAID",
    "Acting",
    "BlankField",
    "InvalidOfficeCode",
    "NotAResidentsOffice",
    "OfficeNotOpen",
    "distinct",
    "office_code",
    "require_text",
    "residents_office",
]


class InvalidOfficeCode(DomainError):
    code = "invalid-office-code"
    title = N_("Invalid office code")

    def __init__(self, code: str, field: str) -> None:
        super().__init__(
            N_(
                "{code} is not a division code: 12 digits (district, street,"
                " community), or 15 with a grid"
            ),
            field=field,
            code=repr(code),
        )


class OfficeNotOpen(DomainError):
    code = "office-not-open"
    title = N_("Office not open")

    def __init__(self, code: str, field: str) -> None:
        super().__init__(
            N_("office {office} is not open: it was closed or never opened"),
            field=field,
            office=code,
        )


class NotAResidentsOffice(DomainError):
    code = "not-a-residents-office"
    title = N_("Not a residents' office")

    def __init__(self, code: str, field: str) -> None:
        super().__init__(
            N_(
                "office {office} is a {level} office: people and homes belong to a"
                " community, village or grid"
            ),
            field=field,
            office=code,
            level=LEVEL_SAID[OfficeCode(code).level],
        )


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
