"""Issuing a document (出具文书): compose it from the case, render it, record it.

The document is made from the case as read (its events, the person's copy, the
office's name) and recorded at the version read, so the digest in
``RehabDocumentIssued`` is that of the very bytes answered; a change in between is a
conflict, never a record of another file. Issuing shows the case's details, so it
is recorded as a read too (see ``reads.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from shequ.access import Acting
from shequ.contracts.rehab import DocumentFormat, DocumentKind, RehabCaseEvent
from shequ.documents import Document, digest, render
from shequ.eventstore import EventStore
from shequ.rehab.domain import case, documents
from shequ.rehab.domain.rules import RehabRules
from shequ.rehab.handlers import reads
from shequ.rehab.handlers.cases import act
from shequ.service.people import PersonNotKnown, find_person, office_names

DOCUMENT_FIELDS = ["agreement", "client", "decision", "term", "warnings"]
"""What a document shows of a case: recorded in the read its issue is."""


@dataclass(frozen=True, kw_only=True)
class Issue:
    """What the worker asks for: which document, in which format, numbered how."""

    kind: DocumentKind
    format: DocumentFormat
    number: str | None
    issued_on: date
    warning_no: int | None


@dataclass(frozen=True)
class Issued:
    document: Document
    content: bytes
    sha256: str
    version: int


async def _facts(
    store: EventStore, events: Sequence[RehabCaseEvent], rules: RehabRules
) -> documents.CaseFacts:
    first = events[0]
    person = await find_person(store.pool, first.person_id)
    if person is None:
        raise PersonNotKnown(first.person_id)
    state = case.DECIDER.fold(events)
    assert state is not None
    names = await office_names(store.pool, [state.office])
    client = documents.Client(person.name, person.sex, person.birth_date)
    return documents.facts_of(events, client, names.get(state.office, ""), rules)


async def issue_document(  # noqa: PLR0917 - one issue's inputs
    store: EventStore,
    by: Acting,
    case_id: str,
    events: Sequence[RehabCaseEvent],
    version: int,
    issue: Issue,
    rules: RehabRules,
) -> Issued:
    """Render ``issue`` of case ``case_id`` (read at ``version``) and record it."""
    facts = await _facts(store, events, rules)
    doc = documents.compose(
        issue.kind,
        facts,
        number=issue.number,
        issued_on=issue.issued_on,
        warning_no=issue.warning_no,
    )
    content = render(doc, issue.format)
    sha256 = digest(content)
    command = case.IssueDocument(
        kind=issue.kind,
        document_number=doc.number,
        format=issue.format,
        sha256=sha256,
        issued_on=issue.issued_on,
        by=by,
    )
    outcome = await act(store, case_id, command, expected_version=version)
    office = outcome.state.office if outcome.state is not None else ""
    await reads.record_reads(
        store, by, [(case_id, office)], DOCUMENT_FIELDS, f"print {issue.kind}"
    )
    return Issued(doc, content, sha256, outcome.version)
