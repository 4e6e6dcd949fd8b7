"""What a printed document holds (公文要素), apart from how it is laid out. Pure.

A :class:`Document` is the content of one issue: title, number, parties, terms,
signatures and dates. The renderers (``_pdf.py``, ``_docx.py``) lay any document out
the same way, so one service's documents differ only in the content it composes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Section:
    """A numbered part of the terms: its heading and its items (1. 2. 3. …)."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Signature:
    """A place to sign or seal: who signs, the name printed beside it, a date line."""

    label: str
    name: str = ""


@dataclass(frozen=True)
class Document:
    """One issue of a document; ``kind`` is the service's own name for the form."""

    kind: str
    title: str
    number: str
    issued_on: date
    parties: tuple[tuple[str, str], ...]  # (the party's role, who it is)
    preamble: str
    sections: tuple[Section, ...]
    closing: str
    signatures: tuple[Signature, ...]
