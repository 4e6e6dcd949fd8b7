"""The case's printable documents (文书): 协议书, 尿检委托协议书, 告诫书.

Pure: a case's facts (:func:`facts_of`) → a document's content (:func:`compose`, one
module per document) → bytes (:func:`render`, PDF or .docx). The same case and the
same issue (kind, number, date, warning) give the same bytes, so the SHA-256 recorded
when a document is issued (``RehabDocumentIssued``) checks any printed copy.
"""

from __future__ import annotations

import hashlib
from datetime import date

from shequ.contracts.rehab import DocumentFormat, DocumentKind
from shequ.rehab.domain.documents import agreement, entrustment, warning
from shequ.rehab.domain.documents._docx import render_docx
from shequ.rehab.domain.documents._facts import facts_of
from shequ.rehab.domain.documents._model import CaseFacts, Client, Document
from shequ.rehab.domain.documents._pdf import render_pdf
from shequ.rehab.domain.documents._words import NoSuchWarning, NumberNeeded

MEDIA_TYPES: dict[DocumentFormat, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


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


def render(doc: Document, fmt: DocumentFormat) -> bytes:
    """``doc`` as a file of format ``fmt``."""
    return render_pdf(doc) if fmt == "pdf" else render_docx(doc)


def digest(content: bytes) -> str:
    """The SHA-256 of a file's bytes, as recorded and as checked (hex)."""
    return hashlib.sha256(content).hexdigest()


def file_name(doc: Document, fmt: DocumentFormat) -> str:
    """The file's name: its title and number (社区戒毒(康复)协议书_….pdf)."""
    return f"{doc.title}_{doc.number}.{fmt}"


__all__ = [
    "MEDIA_TYPES",
    "CaseFacts",
    "Client",
    "Document",
    "NoSuchWarning",
    "NumberNeeded",
    "compose",
    "digest",
    "facts_of",
    "file_name",
    "render",
]
