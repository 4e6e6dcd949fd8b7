"""Issuing a document (出具文书): compose it from the dispute, render it, record it.

The document is made from the dispute as read (its events, the committee's name, its
mediators' names) and recorded at the version read, so the digest in
``MediationDocumentIssued`` is that of the very bytes answered; a change in between
is a conflict, never a record of another file. A document holds the parties'
personal data, so each issue (or re-print) is recorded as a read too (``reads.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from shequ.access import Acting
from shequ.contracts.mediation import DisputeEvent, MediationDocumentKind
from shequ.documents import Document, Format, digest, render
from shequ.eventstore import EventStore
from shequ.mediation.domain import dispute, documents
from shequ.mediation.handlers import reads
from shequ.mediation.handlers.disputes import act
from shequ.mediation.readmodels.committee import names_of
from shequ.service.people import office_names


@dataclass(frozen=True, kw_only=True)
class Issue:
    """What the mediator asks for: which document, in which format, numbered how."""

    kind: MediationDocumentKind
    format: Format
    number: str | None
    issued_on: date


@dataclass(frozen=True)
class Issued:
    document: Document
    content: bytes
    sha256: str
    version: int


async def facts(
    store: EventStore, events: Sequence[DisputeEvent]
) -> documents.DisputeFacts:
    """The dispute's facts, its committee and mediators named."""
    state = dispute.DECIDER.fold(events)
    assert state is not None
    office = (await office_names(store.pool, [state.office])).get(state.office, "")
    mediators = await names_of(store.pool, list(state.mediators))
    return documents.facts_of(events, f"{office}人民调解委员会", mediators)


async def issue_document(  # noqa: PLR0917 - one issue's inputs
    store: EventStore,
    by: Acting,
    dispute_id: str,
    events: Sequence[DisputeEvent],
    version: int,
    issue: Issue,
) -> Issued:
    """Render ``issue`` of dispute ``dispute_id`` (read at ``version``), record it."""
    doc = documents.compose(
        issue.kind,
        await facts(store, events),
        number=issue.number,
        issued_on=issue.issued_on,
    )
    content = render(doc, issue.format)
    sha256 = digest(content)
    command = dispute.IssueDocument(
        kind=issue.kind,
        document_number=doc.number,
        format=issue.format,
        sha256=sha256,
        issued_on=issue.issued_on,
        by=by,
    )
    outcome = await act(store, dispute_id, command, expected_version=version)
    office = outcome.state.office if outcome.state is not None else ""
    await reads.record_reads(
        store,
        by,
        [(dispute_id, office)],
        reads.DOCUMENT_FIELDS[issue.kind],
        f"print {issue.kind}",
    )
    return Issued(doc, content, sha256, outcome.version)
