"""Printable documents (文书) as offices issue them: A4 PDF and Word, the same layout.

A service composes a :class:`Document` (title, number, issue date, parties, preamble,
numbered sections, closing, signature blocks) from its own facts; this package lays
any document out as an official form and renders it (:func:`render`) to bytes that
depend on the document alone, so the SHA-256 (:func:`digest`) a service records when
it issues one checks any re-printed copy. See README.md.
"""

from __future__ import annotations

from shequ.documents._docx import render_docx
from shequ.documents._files import MEDIA_TYPES, Format, digest, file_name, render
from shequ.documents._http import (
    DOCUMENT_DOWNLOAD,
    FILE_UPLOAD,
    MAX_FILE,
    SHA256_PATTERN,
    download_headers,
    read_at_most,
)
from shequ.documents._model import Document, Section, Signature
from shequ.documents._pdf import render_pdf
from shequ.documents._words import DATE_LINE, cn_date, printable

__all__ = [
    "DATE_LINE",
    "DOCUMENT_DOWNLOAD",
    "FILE_UPLOAD",
    "MAX_FILE",
    "MEDIA_TYPES",
    "SHA256_PATTERN",
    "Document",
    "Format",
    "Section",
    "Signature",
    "cn_date",
    "digest",
    "download_headers",
    "file_name",
    "printable",
    "read_at_most",
    "render",
    "render_docx",
    "render_pdf",
]
