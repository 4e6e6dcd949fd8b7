"""What the case's documents show of it (:class:`CaseFacts`), folded from its events.

The document itself (:class:`shequ.documents.Document`) and its layout are the shared
engine's; the three documents differ only in their content modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.contracts.rehab import RehabKind, Violation
from shequ.rehab.domain.rules import TestPhase


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
