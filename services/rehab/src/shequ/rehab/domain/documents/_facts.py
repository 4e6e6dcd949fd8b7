"""A case's events folded into what its documents show (:class:`CaseFacts`). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from shequ.contracts.rehab import (
    RehabAgreementSigned,
    RehabCaseEvent,
    RehabDecisionReceived,
    RehabReported,
    RehabWarningIssued,
)
from shequ.rehab.domain.documents._model import CaseFacts, Client, WarningFacts
from shequ.rehab.domain.rules import RehabRules


def facts_of(
    events: Sequence[RehabCaseEvent],
    client: Client,
    office_name: str,
    rules: RehabRules,
) -> CaseFacts:
    """The facts of the case whose stream holds ``events`` (the first a decision)."""
    decision = events[0]
    assert isinstance(decision, RehabDecisionReceived)
    facts = CaseFacts(
        client=client,
        office_name=office_name,
        kind=decision.kind,
        decision_number=decision.decision_number,
        police_organ=decision.police_organ,
        decided_on=decision.decided_on,
        term_months=decision.term_months,
        reported_on=None,
        term_ends_on=None,
        agreement_number=None,
        warnings=(),
        test_phases=rules.test_phases,
    )
    for event in events[1:]:
        match event:
            case RehabReported():
                facts = replace(
                    facts,
                    reported_on=event.reported_on,
                    term_ends_on=event.term_ends_on,
                )
            case RehabAgreementSigned():
                facts = replace(facts, agreement_number=event.agreement_number)
            case RehabWarningIssued():
                warning = WarningFacts(event.violation, event.issued_on, event.details)
                facts = replace(facts, warnings=(*facts.warnings, warning))
    return facts
