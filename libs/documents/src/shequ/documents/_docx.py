"""A document as Word (.docx): A4 portrait, the same layout as the PDF (python-docx).

Text is set in 宋体 (SimSun, the east-Asian font Word offices have). python-docx
stamps each zip member with the time of saving and the core properties with now, so
both are fixed here (members at 1980-01-01 as Word itself writes them, properties at
the issue date): the same document renders to the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, time

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from shequ.documents._model import Document
from shequ.documents._words import DATE_LINE, cn_date, printable

FONT = "SimSun"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _set_up(word: docx.document.Document, doc: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    props = word.core_properties
    props.title = printable(f"{doc.title} {doc.number}")
    props.author = props.last_modified_by = "shequ"
    props.revision = 1
    props.created = props.modified = datetime.combine(doc.issued_on, time(), UTC)


def _line(
    word: docx.document.Document, text: str, size: int = 12, align: int | None = None
) -> None:
    paragraph = word.add_paragraph()
    paragraph.add_run(printable(text)).font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align  # type: ignore[assignment]


def _body(word: docx.document.Document, doc: Document) -> None:
    _line(word, doc.title, 20, WD_ALIGN_PARAGRAPH.CENTER)
    _line(word, f"编号：{doc.number}", 11, WD_ALIGN_PARAGRAPH.RIGHT)
    for role, who in doc.parties:
        _line(word, f"{role}：{who}")
    _line(word, f"　　{doc.preamble}")
    for section in doc.sections:
        _line(word, section.heading)
        for n, item in enumerate(section.items, 1):
            _line(word, f"　{n}. {item}")
    _line(word, f"　　{doc.closing}")
    table = word.add_table(rows=0, cols=2)
    for signature in doc.signatures:
        cells = table.add_row().cells
        cells[0].text = printable(f"{signature.label}：{signature.name}")
        cells[1].text = f"日期：{DATE_LINE}"
    _line(word, f"制作日期：{cn_date(doc.issued_on)}", 11, WD_ALIGN_PARAGRAPH.RIGHT)


def _fixed_times(package: bytes) -> bytes:
    """The same zip, every member stamped 1980-01-01 (python-docx stamps now)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(member))
    return out.getvalue()


def render_docx(doc: Document) -> bytes:
    """``doc`` as .docx bytes, the same bytes for the same document."""
    word = docx.Document()
    _set_up(word, doc)
    _body(word, doc)
    saved = io.BytesIO()
    word.save(saved)
    return _fixed_times(saved.getvalue())
