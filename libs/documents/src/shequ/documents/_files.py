"""A document as a file: its formats, their media types, its name, its digest. Pure."""

from __future__ import annotations

import hashlib
from typing import Literal

from shequ.documents._docx import render_docx
from shequ.documents._model import Document
from shequ.documents._pdf import render_pdf

Format = Literal["pdf", "docx"]
MEDIA_TYPES: dict[Format, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def render(doc: Document, fmt: Format) -> bytes:
    """``doc`` as a file of format ``fmt``: the same bytes for the same document."""
    return render_pdf(doc) if fmt == "pdf" else render_docx(doc)


def digest(content: bytes) -> str:
    """The SHA-256 of a file's bytes, as a service records and checks it (hex)."""
    return hashlib.sha256(content).hexdigest()


def file_name(doc: Document, fmt: Format) -> str:
    """The file's name: its title and number (社区戒毒(康复)协议书_….pdf)."""
    return f"{doc.title}_{doc.number}.{fmt}"
