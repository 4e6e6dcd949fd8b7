"""The dispute's documents (文书): 人民调解协议书, 调解申请书, 调解记录, 回访记录.

Pure: a dispute's facts (:func:`facts_of`) → a document's content (:func:`compose`,
one module per document). The model, the layout and the rendering to PDF or .docx
are the shared engine's (``shequ.documents``): the same dispute and the same issue
(kind, number, date) give the same bytes, so the SHA-256 recorded when a document is
issued (``MediationDocumentIssued``) checks any printed copy.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts.mediation import MediationDocumentKind
from shequ.documents import Document
from shequ.mediation.domain.documents import (
    agreement,
    application,
    follow_up,
    session_record,
)
from shequ.mediation.domain.documents._facts import facts_of
from shequ.mediation.domain.documents._model import DisputeFacts
from shequ.mediation.domain.documents._words import NotYetRecorded


def compose(
    kind: MediationDocumentKind,
    facts: DisputeFacts,
    *,
    number: str | None,
    issued_on: date,
) -> Document:
    """The content of a ``kind`` document of the dispute, issued on ``issued_on``."""
    match kind:
        case "agreement":
            return agreement.compose(facts, number, issued_on)
        case "application":
            return application.compose(facts, number, issued_on)
        case "session_record":
            return session_record.compose(facts, number, issued_on)
        case "follow_up_record":
            return follow_up.compose(facts, number, issued_on)


__all__ = ["DisputeFacts", "NotYetRecorded", "compose", "facts_of"]
