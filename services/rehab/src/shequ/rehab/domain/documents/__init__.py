"""The case's printable documents (文书): 协议书, 尿检委托协议书, 告诫书.

Pure: a case's facts (:func:`facts_of`) → a document's content (:func:`compose`, one
module per document). The model, the layout and the rendering to PDF or .docx are the
shared engine's (``shequ.documents``): the same case and the same issue (kind, number,
date, warning) give the same bytes, so the SHA-256 recorded when a document is issued
(``RehabDocumentIssued``) checks any printed copy.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts.rehab import DocumentKind
from shequ.documents import Document
from shequ.rehab.domain.documents import agreement, entrustment, warning
from shequ.rehab.domain.documents._facts import facts_of
from shequ.rehab.domain.documents._model import CaseFacts, Client
from shequ.rehab.domain.documents._words import NoSuchWarning, NumberNeeded


def compose(
    kind: DocumentKind,
    facts: CaseFacts,
    *,
    number: str | None,
    issued_on: date,
    warning_no: int | None = None,
) -> Document:
    """The content of a ``kind`` document of the case, issued on ``issued_on``."""
    match kind:
        case "agreement":
            return agreement.compose(facts, number, issued_on)
        case "test_entrustment":
            return entrustment.compose(facts, number, issued_on)
        case "warning":
            return warning.compose(facts, number, issued_on, warning_no)


__all__ = [
    "CaseFacts",
    "Client",
    "NoSuchWarning",
    "NumberNeeded",
    "compose",
    "facts_of",
]
