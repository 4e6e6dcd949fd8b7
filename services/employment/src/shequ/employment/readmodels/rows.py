"""Whom a ledger row is about: the person as the people copy names them.

Every register and ledger lists people under the office they live in now; its rows
start with these columns.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from shequ.contracts.registry import Sex


class Holder(BaseModel):
    """Whose row it is, and the office they live in now."""

    person_id: str
    name: str
    document_masked: str | None
    office: str
    office_name: str | None


class Resident(Holder):
    """A holder with the sex and birth date a ledger of people prints."""

    sex: Sex
    birth_date: date
