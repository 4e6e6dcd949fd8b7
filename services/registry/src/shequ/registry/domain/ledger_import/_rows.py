"""One ledger row → a RegisterPerson command, checked by the person decider.

The cells are read into a command, which ``person.decide(command, None)`` checks: the
decider has the last word. It stops at the first broken rule, so for a refused row
each field is also checked on its own with the rule the decider applies to it
(``check_document``, ``normalise_phone``, ``require_text``) and every problem of the
row is listed, not just the first. The person id is derived from the document, so a
re-run of a half-finished import can never open a second file for the same person.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date

from shequ.contracts import DomainError
from shequ.contracts.ledgers import Cells, InvalidRow, Problem
from shequ.contracts.messages import N_
from shequ.contracts.registry import PersonRegistered
from shequ.registry.domain import person
from shequ.registry.domain.identity import (
    Document,
    DocumentType,
    check_document,
    normalise_phone,
)
from shequ.registry.domain.ledger_import import _columns as read
from shequ.registry.domain.rules import Acting, require_text

_NAMESPACE = uuid.UUID("5d3f2b8e-7a41-4c1e-9b0a-2f6c1e8d4a10").bytes  # fixed for good


@dataclass(frozen=True)
class ValidRow:
    row: int
    event: PersonRegistered

    @property
    def document(self) -> tuple[str, str]:
        """(kind, number) as the person file holds them."""
        return self.event.document_kind or "", self.event.document_number or ""


def person_id_for(kind: str, number: str) -> str:
    """The one person id a document can ever be imported under: a UUID v5 of it."""
    # uuid.uuid5 spelt out: it hashes the namespace's bytes anew each call (bench (f)).
    digest = hashlib.sha1(_NAMESPACE + f"{kind}:{number}".encode()).digest()
    return f"person-{uuid.UUID(bytes=digest[:16], version=5)}"


def check_row(
    row: int, cells: list[str], columns: dict[str, int], office: str, by: Acting
) -> ValidRow | InvalidRow:
    """The row's registration event, or every problem found in the row."""
    c = Cells(cells, columns)
    kind = c.get("document_kind", read.document_kind, None)
    number = "".join(c.text["document_number"].split()).upper()
    command = person.RegisterPerson(
        # Without a readable kind the row is invalid: its command is only checked
        # (for every problem of the row), never executed, so it needs no real id.
        person_id=person_id_for(kind, number) if kind else "",
        name=c.text["name"],
        document=person.IdDocument(kind=kind, number=number)
        if kind and number
        else None,
        birth_date=c.get("birth_date", read.birth_date, None),
        sex=c.get("sex", read.sex, None),
        phone=c.text.get("phone") or None,
        address=c.text["address"],
        office=office,
        office_open=True,  # the whole import is refused unless it is open
        residence=c.get("residence", read.residence, "registered"),
        tags=c.get("tags", read.tags, frozenset()),
        by=by,
    )
    if c.problems or not number:
        return _invalid(row, c, command)
    try:
        (event,) = person.decide(command, None)
    except DomainError:
        return _invalid(row, c, command)
    assert isinstance(event, PersonRegistered)
    return ValidRow(row, event)


def _invalid(row: int, c: Cells, command: person.RegisterPerson) -> InvalidRow:
    """Every problem of a row the decider refused, or that could not be read.

    The decider stops at the first broken rule, so each field is also checked on
    its own with the rule the decider applies to it.
    """
    kind = command.document.kind if command.document else None
    today, unreadable = command.by.today, len(c.problems)
    c.get("name", lambda text: require_text(text, "name", N_("the name")), "")
    c.get("document_number", lambda text: _document(kind, text, today), None)
    c.get("phone", lambda text: normalise_phone(text) if text else None, None)
    c.get("address", lambda text: require_text(text, "address", N_("the address")), "")
    if len(c.problems) == unreadable:  # a rule across fields: the decider says which
        try:
            person.decide(command, None)
        except DomainError as error:
            field = error.field or "row"
            if field not in {problem.field for problem in c.problems}:
                c.problems.append(Problem.from_error(error, field))
    return InvalidRow(row, tuple(sorted(c.problems, key=_column_order)))


def _column_order(problem: Problem) -> int:
    return (
        list(read.HEADERS).index(problem.field) if problem.field in read.HEADERS else 99
    )


def _document(kind: DocumentType | None, text: str, today: date) -> Document | None:
    if not text:
        raise DomainError(
            N_(
                "a ledger row needs a document number, so that importing the file"
                " again cannot register the person twice"
            ),
            field="document_number",
        )
    if kind is None:  # the kind itself was unreadable, already a problem
        return None
    return check_document(kind, text, today)
