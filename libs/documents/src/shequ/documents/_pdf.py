"""A document as a PDF: A4 portrait, the layout of an official form (reportlab).

Chinese is set in STSong-Light, one of the CID fonts every PDF reader brings, so the
file needs no font of ours and stays small. ``invariant=1`` leaves out the creation
time and the random file id: the same document renders to the same bytes, which is
what lets the digest recorded at issue check a re-printed copy.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table

from shequ.documents._model import Document
from shequ.documents._words import DATE_LINE, cn_date, printable

FONT = "STSong-Light"
_BODY = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=19, wordWrap="CJK")
_TITLE = ParagraphStyle("title", _BODY, fontSize=20, leading=30, alignment=TA_CENTER)
_NUMBER = ParagraphStyle("number", _BODY, fontSize=11, alignment=TA_RIGHT)
_TEXT = ParagraphStyle("text", _BODY, firstLineIndent=24)
_ITEM = ParagraphStyle("item", _BODY, leftIndent=24, firstLineIndent=-12)


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(printable(text)), style)


def _flowables(doc: Document) -> list[Flowable]:
    parts: list[Flowable] = [
        _para(doc.title, _TITLE),
        _para(f"编号：{doc.number}", _NUMBER),
        Spacer(0, 4 * mm),
    ]
    parts += [_para(f"{role}：{who}", _BODY) for role, who in doc.parties]
    parts += [Spacer(0, 3 * mm), _para(doc.preamble, _TEXT)]
    for section in doc.sections:
        parts.append(_para(section.heading, _BODY))
        parts += [
            _para(f"{n}. {item}", _ITEM) for n, item in enumerate(section.items, 1)
        ]
    parts += [_para(doc.closing, _TEXT), Spacer(0, 5 * mm)]
    rows = [
        [_para(f"{s.label}：{s.name}", _BODY), _para(f"日期：{DATE_LINE}", _BODY)]
        for s in doc.signatures
    ]
    parts.append(Table(rows, colWidths=[95 * mm, 65 * mm], rowHeights=11 * mm))
    parts += [Spacer(0, 6 * mm), _para(f"制作日期：{cn_date(doc.issued_on)}", _NUMBER)]
    return parts


def render_pdf(doc: Document) -> bytes:
    """``doc`` as PDF bytes, the same bytes for the same document."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=20 * mm,
        title=f"{doc.title} {doc.number}",
        creator="shequ",
        invariant=1,
    )
    template.build(_flowables(doc))
    return out.getvalue()
