"""What a printed document holds (公文要素), apart from how it is laid out. Pure.

A :class:`Document` is the content of one issue: title, number, parties, terms,
signatures and dates; the renderers (``_pdf.py``, ``_docx.py``) lay any document out
the same way, so the three documents differ only in their content modules.
:class:`CaseFacts` is what composing needs of a case, folded from its events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.contracts.rehab import DocumentKind, RehabKind, Violation
from shequ.rehab.domain.rules import TestPhase


@dataclass(frozen=True)
class Section:
    """A numbered part of the terms: its heading and its items."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    """A place to sign or seal: who signs, the name printed beside it, a date line."""

    label: str
    name: str = ""


@dataclass(frozen=True)
class Document:
    kind: DocumentKind
    title: str
    number: str
    issued_on: date
    parties: tuple[tuple[str, str], ...]  # (the party's role, who it is)
    preamble: str
    sections: tuple[Section, ...]
    closing: str
    signatures: tuple[Signature, ...]


@dataclass(frozen=True)
class Client:
    """The person, as the registry's copy names them."""

    name: str
    sex: str
    birth_date: date


@dataclass(frozen=True)
class WarningFacts:
    """One warning recorded on the case (``RehabWarningIssued``)."""

    violation: Violation
    issued_on: date
    details: str


@dataclass(frozen=True)
class CaseFacts:
    """What the documents show of a case: its decision, term, agreement, warnings."""

    client: Client
    office_name: str
    kind: RehabKind
    decision_number: str
    police_organ: str
    decided_on: date
    term_months: int
    reported_on: date | None
    term_ends_on: date | None
    agreement_number: str | None
    warnings: tuple[WarningFacts, ...]
    test_phases: tuple[TestPhase, ...]
