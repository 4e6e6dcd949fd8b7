"""Any document renders as an A4 official form, PDF or Word, the same bytes each time.

The document here is made up (no service's): what is checked is the engine — the page,
every part of the model shown as text a reader can extract, and bytes that depend on
the document alone, which is what lets a recorded SHA-256 check a re-printed copy.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import docx
import pytest
from pypdf import PdfReader

from shequ.documents import (
    Document,
    Format,
    Section,
    Signature,
    cn_date,
    digest,
    file_name,
    render,
)

DOC = Document(
    kind="mediation_agreement",
    title="人民调解协议书",
    number="中堂调协字〔2026〕3号",
    issued_on=date(2026, 12, 6),
    parties=(("甲方", "李四"), ("乙方", "王五")),
    preamble="双方因相邻通行发生纠纷，经调解，自愿达成如下协议。",
    sections=(Section("一、协议内容", ("乙方拆除围墙。", "甲方补偿乙方500元。")),),
    closing="本协议一式三份，双方和调解委员会各执一份。",
    signatures=(Signature("调解委员会(盖章)", "中堂人民调解委员会"), Signature("甲方")),
)
SHOWN = (
    "人民调解协议书",
    "编号：中堂调协字〔2026〕3号",
    "甲方：李四",
    "双方因相邻通行发生纠纷",
    "一、协议内容",
    "1. 乙方拆除围墙。",
    "2. 甲方补偿乙方500元。",
    "本协议一式三份",
    "调解委员会(盖章)：中堂人民调解委员会",
    "日期：______年____月____日",
    "制作日期：2026年12月6日",
)
FORMATS: list[Format] = ["pdf", "docx"]


def _pdf(content: bytes) -> tuple[str, set[tuple[int, int]]]:
    pdf = PdfReader(io.BytesIO(content))
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in pdf.pages
    }
    return "".join(p.extract_text() for p in pdf.pages).replace("\n", ""), sizes


def _word(content: bytes) -> tuple[str, tuple[int | None, int | None]]:
    word = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in word.paragraphs]
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    section = word.sections[0]
    return "".join(paragraphs + cells), (section.page_width, section.page_height)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_document_renders_to_the_same_bytes(fmt: Format) -> None:
    assert render(DOC, fmt) == render(replace(DOC), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_change_of_one_character_changes_the_digest(fmt: Format) -> None:
    changed = replace(DOC, number="中堂调协字〔2026〕4号")

    assert digest(render(changed, fmt)) != digest(render(DOC, fmt))


def test_the_pdf_is_a4_portrait_and_shows_every_part_as_text() -> None:
    text, sizes = _pdf(render(DOC, "pdf"))

    assert sizes == {(595, 842)}  # A4 portrait, in points
    for shown in SHOWN:
        assert shown in text


def test_the_word_file_opens_as_a4_and_shows_every_part() -> None:
    text, size = _word(render(DOC, "docx"))

    assert size == (7560310, 10692130)  # 210 × 297 mm in EMU
    for shown in SHOWN:
        assert shown in text


def test_a_long_document_runs_over_pages_every_one_a4() -> None:
    items = tuple(f"第{n}项约定，内容较长，" * 6 for n in range(1, 61))
    long = replace(DOC, sections=(Section("一、协议内容", items),))

    text, sizes = _pdf(render(long, "pdf"))

    assert len(PdfReader(io.BytesIO(render(long, "pdf"))).pages) > 1
    assert sizes == {(595, 842)}
    assert "60. 第60项约定" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_control_characters_are_left_out_and_markup_is_shown_as_text(
    fmt: Format,
) -> None:
    odd = replace(DOC, parties=(("甲方", "李\x00四<b>&"),))

    content = render(odd, fmt)

    text = _pdf(content)[0] if fmt == "pdf" else _word(content)[0]
    assert "甲方：李四<b>&" in text


def test_the_file_is_named_by_its_title_and_number_and_digested_as_sha256() -> None:
    assert file_name(DOC, "docx") == "人民调解协议书_中堂调协字〔2026〕3号.docx"
    assert digest(b"") == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_a_date_is_written_as_the_forms_write_it() -> None:
    assert cn_date(date(2026, 1, 5)) == "2026年1月5日"
