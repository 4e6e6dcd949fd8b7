"""The case's documents: printed as PDF and Word, their digests recorded and checked.

A worker prints the 协议书 (A4, title, number, the client's name and the term's dates
as text), records the signing, prints the 尿检委托协议书 and a 告诫书; every issue
records the file's SHA-256, the same issue gives the same bytes, and a file is
checked against the record: recorded or not, and what, to whom may read the case.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import asyncpg
import docx
import httpx
import pytest
from pypdf import PdfReader

from shequ.access import Role
from shequ.rehab.api import documents as documents_api
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_A2, DISTRICT, STREET_A

from .conftest import REHAB, Rehab, Token

NUMBER = "中堂社戒协字〔2026〕7号"
AGREEMENT = {"kind": "agreement", "number": NUMBER, "issued_on": "2026-11-23"}


async def _reported(rehab: Rehab, worker: dict[str, str]) -> str:
    """张三's case, reported on 2026-11-12 (the term ends on 2029-11-11)."""
    case_id = await rehab.open_case(worker, await rehab.person())
    answer = await rehab.act(worker, case_id, "report", reported_on="2026-11-12")
    assert answer.status_code == 200, answer.text
    return case_id


async def _print(
    rehab: Rehab, headers: dict[str, str], case_id: str, **body: Any
) -> httpx.Response:
    return await rehab.http.post(
        f"{REHAB}/cases/{case_id}/documents", json=body, headers=headers
    )


def _pdf_text(content: bytes) -> tuple[str, list[tuple[int, int]]]:
    pdf = PdfReader(io.BytesIO(content))
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in pdf.pages
    ]
    return "".join(p.extract_text() for p in pdf.pages).replace("\n", ""), sizes


def _docx_text(content: bytes) -> str:
    word = docx.Document(io.BytesIO(content))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    return "".join([p.text for p in word.paragraphs] + cells)


async def _history(rehab: Rehab, headers: dict[str, str], case_id: str) -> list[Any]:
    answer = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=headers)
    assert answer.status_code == 200, answer.text
    history: list[Any] = answer.json()["history"]
    return history


async def test_the_agreement_prints_as_an_a4_pdf_with_its_title_number_name_and_dates(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _reported(rehab, worker)

    answer = await _print(rehab, worker, case_id, **AGREEMENT)

    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.headers["Content-Disposition"] == (
        "attachment; filename=\"agreement.pdf\"; filename*=UTF-8''"
        "%E7%A4%BE%E5%8C%BA%E6%88%92%E6%AF%92%28%E5%BA%B7%E5%A4%8D%29%E5%8D%8F%E8%AE%AE"
        "%E4%B9%A6_%E4%B8%AD%E5%A0%82%E7%A4%BE%E6%88%92%E5%8D%8F%E5%AD%97%E3%80%94"
        "2026%E3%80%957%E5%8F%B7.pdf"
    )
    text, sizes = _pdf_text(answer.content)
    assert set(sizes) == {(595, 842)}  # A4 portrait, in points
    for shown in ("社区戒毒(康复)协议书", NUMBER, "张三", "2026年11月12日"):
        assert shown in text
    for shown in ("2029年11月11日", "制作日期：2026年11月23日", "东公(禁)决字"):
        assert shown in text


async def test_the_agreement_prints_as_a_word_file_holding_the_same(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _reported(rehab, worker)

    answer = await _print(rehab, worker, case_id, **AGREEMENT, format="docx")

    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    text = _docx_text(answer.content)
    for shown in ("社区戒毒(康复)协议书", NUMBER, "张三", "2026年11月12日"):
        assert shown in text
    assert "2029年11月11日" in text
    assert "制作日期：2026年11月23日" in text
    section = docx.Document(io.BytesIO(answer.content)).sections[0]
    assert (section.page_width, section.page_height) == (7560310, 10692130)  # A4


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
async def test_the_digest_recorded_is_the_files_and_a_reprint_gives_the_same_bytes(
    rehab: Rehab, token: Token, fmt: str
) -> None:
    worker = token()
    case_id = await _reported(rehab, worker)

    first = await _print(rehab, worker, case_id, **AGREEMENT, format=fmt)
    again = await _print(rehab, worker, case_id, **AGREEMENT, format=fmt)

    assert again.content == first.content
    digest = hashlib.sha256(first.content).hexdigest()
    issued = [
        f["facts"]
        for f in await _history(rehab, worker, case_id)
        if f["type"] == "RehabDocumentIssued"
    ]
    recorded = {
        "kind": "agreement",
        "document_number": NUMBER,
        "format": fmt,
        "sha256": digest,
        "issued_on": "2026-11-23",
        "office": COMMUNITY_A,
    }
    assert issued == [recorded, recorded]


async def test_signing_after_printing_records_the_printed_agreements_digest(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _reported(rehab, worker)
    printed = await _print(rehab, worker, case_id, **AGREEMENT)

    signed = await rehab.act(
        worker, case_id, "agreement", agreement_number=NUMBER, signed_on="2026-11-23"
    )

    assert signed.status_code == 200, signed.text
    facts = (await _history(rehab, worker, case_id))[-1]["facts"]
    assert facts["document_sha256"] == hashlib.sha256(printed.content).hexdigest()


async def test_the_entrustment_and_the_warning_are_numbered_after_the_agreement(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _reported(rehab, worker)
    steps: list[tuple[str, dict[str, Any]]] = [
        ("agreement", {"agreement_number": NUMBER, "signed_on": "2026-11-12"}),
        (
            "warnings",
            {
                "violation": "refused_test",
                "issued_on": "2026-11-20",
                "details": "拒绝11月20日的尿检",
            },
        ),
    ]
    for step, body in steps:
        assert (await rehab.act(worker, case_id, step, **body)).status_code == 200

    tests = await _print(rehab, worker, case_id, kind="test_entrustment")
    warning = await _print(rehab, worker, case_id, kind="warning", warning=1)

    assert (tests.status_code, warning.status_code) == (200, 200), warning.text
    tests_text, _ = _pdf_text(tests.content)
    warning_text, _ = _pdf_text(warning.content)
    assert "尿检委托协议书" in tests_text
    assert f"编号：{NUMBER}-尿检" in tests_text
    assert "东莞市公安局中堂分局" in tests_text
    assert "社区戒毒(康复)告诫书" in warning_text
    assert f"编号：{NUMBER}-告1" in warning_text
    assert "拒绝接受尿样检测(拒绝11月20日的尿检)" in warning_text
    assert "告诫日期：2026年11月20日" in warning_text
    assert "制作日期：2026年11月23日" in warning_text  # today, on the service's clock


async def test_a_warning_notice_needs_a_warning_and_an_agreement_a_number(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _reported(rehab, worker)

    unnumbered = await _print(rehab, worker, case_id, kind="agreement")
    no_warning = await _print(rehab, worker, case_id, kind="warning", number="X-1")

    assert (unnumbered.status_code, no_warning.status_code) == (422, 422)
    assert unnumbered.json()["errors"][0]["field"] == "number"
    assert no_warning.json()["errors"][0]["field"] == "warning"


async def test_nothing_is_printed_before_the_person_reports(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await rehab.open_case(worker, await rehab.person())

    answer = await _print(rehab, worker, case_id, **AGREEMENT)

    assert answer.status_code == 422, answer.text
    assert answer.json()["type"].endswith("/rehab-not-reported")


@pytest.mark.parametrize(
    ("role", "office", "status"),
    [
        (Role.REHAB_WORKER, COMMUNITY_A2, 404),
        (Role.COMMUNITY_WORKER, COMMUNITY_A, 403),
        (Role.STREET_ADMIN, STREET_A, 403),
        (Role.AUDITOR, DISTRICT, 403),
    ],
)
async def test_who_may_not_read_the_case_prints_none_of_its_documents(
    rehab: Rehab, token: Token, role: Role, office: str, status: int
) -> None:
    case_id = await _reported(rehab, token())

    answer = await _print(rehab, token(role, office, "someone"), case_id, **AGREEMENT)

    assert answer.status_code == status, answer.text
    assert await rehab.version(case_id) == 2  # nothing recorded


async def test_printing_is_recorded_as_a_read_of_the_case(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _reported(rehab, worker)
    await _print(rehab, worker, case_id, **AGREEMENT)
    await rehab.settle()

    reads = await rehab.http.get(f"{REHAB}/cases/{case_id}/reads", headers=worker)

    assert [
        (r["reader"], r["purpose"], r["fields"], r["break_glass"])
        for r in reads.json()["items"]
    ] == [
        (
            "worker-a",
            "print agreement",
            ["agreement", "client", "decision", "term", "warnings"],
            False,
        )
    ]


async def test_the_check_finds_a_recorded_document_and_says_no_for_changed_bytes(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _reported(rehab, worker)
    printed = (await _print(rehab, worker, case_id, **AGREEMENT)).content
    await rehab.settle()
    digest = hashlib.sha256(printed).hexdigest()

    found = await rehab.http.post(
        f"{REHAB}/documents/check", content=printed, headers=worker
    )
    by_digest = await rehab.http.get(f"{REHAB}/documents/{digest}", headers=worker)
    changed = await rehab.http.post(
        f"{REHAB}/documents/check", content=printed + b" ", headers=worker
    )

    assert found.status_code == 200, found.text
    assert found.json() == {
        "sha256": digest,
        "recorded": True,
        "issued": [
            {
                "kind": "agreement",
                "format": "pdf",
                "issued_on": "2026-11-23",
                "office": COMMUNITY_A,
                "office_name": found.json()["issued"][0]["office_name"],
                "case_id": case_id,
                "number": NUMBER,
            }
        ],
    }
    assert by_digest.json() == found.json()
    assert changed.json() == {
        "sha256": hashlib.sha256(printed + b" ").hexdigest(),
        "recorded": False,
        "issued": [],
    }


async def test_a_file_checked_the_moment_it_is_printed_is_found(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _reported(rehab, worker)
    printed = (await _print(rehab, worker, case_id, **AGREEMENT)).content

    found = await rehab.http.post(
        f"{REHAB}/documents/check", content=printed, headers=worker
    )

    assert found.json()["recorded"] is True


async def test_a_check_says_not_yet_rather_than_no_while_the_table_is_behind(
    rehab: Rehab, token: Token, pg_dsn: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient = documents_api.CATCH_UP
    monkeypatch.setattr(documents_api, "CATCH_UP", 0.3)
    worker = token()
    case_id = await _reported(rehab, worker)
    # An older transaction left open holds the relay back from later ones.
    held = await asyncpg.connect(pg_dsn)
    try:
        transaction = held.transaction()
        await transaction.start()
        await held.fetchval("SELECT pg_current_xact_id()")
        printed = (await _print(rehab, worker, case_id, **AGREEMENT)).content

        behind = await rehab.http.post(
            f"{REHAB}/documents/check", content=printed, headers=worker
        )

        await transaction.rollback()
    finally:
        await held.close()
    # Given its usual wait: on a busy machine the relay and the table can take
    # longer than 0.3 s to catch up once the transaction ends (CI, once).
    monkeypatch.setattr(documents_api, "CATCH_UP", patient)
    later = await rehab.http.post(
        f"{REHAB}/documents/check", content=printed, headers=worker
    )
    assert behind.status_code == 503
    assert behind.json()["errors"][0]["field"] == "file"
    assert later.json()["recorded"] is True


async def test_a_check_by_who_may_not_read_the_case_tells_only_what_the_file_says(
    rehab: Rehab, token: Token
) -> None:
    worker = token()
    case_id = await _reported(rehab, worker)
    printed = (await _print(rehab, worker, case_id, **AGREEMENT)).content
    await rehab.settle()
    other = token(Role.REHAB_WORKER, COMMUNITY_A2, "worker-a2")

    answer = await rehab.http.post(
        f"{REHAB}/documents/check", content=printed, headers=other
    )
    refused = await rehab.http.post(
        f"{REHAB}/documents/check",
        content=printed,
        headers=token(Role.AUDITOR, DISTRICT, "auditor"),
    )

    assert answer.status_code == 200, answer.text
    shown = [(i["kind"], i["case_id"], i["number"]) for i in answer.json()["issued"]]
    assert shown == [("agreement", None, None)]
    assert refused.status_code == 403
