"""The dispute's documents: printed as PDF and Word, their digests recorded and checked.

A mediator prints the 人民调解协议书 of an agreed dispute (A4, and every field of
《人民调解法》 art. 29 as text), the 调解申请书, 调解记录 and 回访记录; every issue
records the file's SHA-256, the same issue gives the same bytes, and a file is checked
against the record: the dispute and number only to who sees its parties.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date
from typing import Any

import docx
import httpx
import pytest
from pypdf import PdfReader

from shequ.access import Role
from shequ.contracts.mediation import (
    DisputeRead,
    DisputeRegistered,
    MediationDocumentIssued,
)
from shequ.mediation.api._access import load_dispute
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_A2, STREET_A

from .conftest import MEDIATION, Mediation, Token

NUMBER = "东调协字〔2026〕12号"
AGREEMENT = {"kind": "agreement", "number": NUMBER, "issued_on": "2026-11-23"}
ARTICLE_29 = (
    "王建华",  # the parties' basic information
    "13900139001",
    "东城路1号",
    "李秀英",
    "楼上漏水致楼下天花板受损",  # the main facts, the disputed matters
    "王建华承担漏水责任，李秀英配合维修",  # each party's responsibility
    "王建华赔偿维修费三千元",  # the agreed content
    "支付维修费，金额3000元",  # how it is fulfilled
    "2026年11月30日前履行完毕",  # by when
    "甲方(签名)",  # signed by the parties
    "乙方(签名)",
    "调解员(签名)",  # signed by the mediator
    "梁志明",
    "人民调解委员会(盖章)",  # sealed by the committee
    "一式3份，当事人各执一份，人民调解委员会留存一份",
)


async def _agreed(mediation: Mediation, mediator: dict[str, str]) -> str:
    """A neighbours' dispute, one session held, a written agreement reached."""
    director = await mediation.member(mediator, "梁志明", "director")
    await mediation.settle()
    dispute_id = await mediation.register(mediator)
    steps: list[tuple[str, dict[str, Any]]] = [
        ("accept", {"accepted_on": "2026-11-02"}),
        ("mediators", {"mediators": [director], "assigned_on": "2026-11-02"}),
        (
            "sessions",
            {
                "held_on": "2026-11-05",
                "place": "社区调解室",
                "attendees": ["王建华", "李秀英"],
                "summary": "双方陈述，同意协商赔偿",
            },
        ),
        (
            "agreement",
            {
                "form": "written",
                "agreed_on": "2026-11-12",
                "facts": "王建华承担漏水责任，李秀英配合维修",
                "terms": "王建华赔偿维修费三千元",
                "obligations": [
                    {
                        "party": 1,
                        "what": "支付维修费",
                        "due_on": "2026-11-30",
                        "amount": 3000,
                    }
                ],
            },
        ),
    ]
    for step, body in steps:
        answer = await mediation.act(mediator, dispute_id, step, **body)
        assert answer.status_code == 200, f"{step}: {answer.text}"
    await mediation.settle()
    return dispute_id


async def _print(
    mediation: Mediation, headers: dict[str, str], dispute_id: str, **body: Any
) -> httpx.Response:
    return await mediation.http.post(
        f"{MEDIATION}/disputes/{dispute_id}/documents", json=body, headers=headers
    )


def _pdf_text(content: bytes) -> tuple[str, set[tuple[int, int]]]:
    pdf = PdfReader(io.BytesIO(content))
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in pdf.pages
    }
    return "".join(p.extract_text() for p in pdf.pages).replace("\n", ""), sizes


def _docx_text(content: bytes) -> str:
    word = docx.Document(io.BytesIO(content))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    return "".join([p.text for p in word.paragraphs] + cells)


async def _issued(
    mediation: Mediation, dispute_id: str
) -> list[MediationDocumentIssued]:
    """The documents recorded on the dispute (the number opened)."""
    found = await load_dispute(mediation.runtime, dispute_id)
    return [e for e in found.events if isinstance(e, MediationDocumentIssued)]


async def test_the_agreement_prints_as_an_a4_pdf_holding_every_field_of_article_29(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    dispute_id = await _agreed(mediation, mediator)

    answer = await _print(mediation, mediator, dispute_id, **AGREEMENT)

    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == "application/pdf"
    assert 'filename="agreement.pdf"' in answer.headers["Content-Disposition"]
    text, sizes = _pdf_text(answer.content)
    assert sizes == {(595, 842)}  # A4 portrait, in points
    for shown in ("人民调解协议书", NUMBER, "制作日期：2026年11月23日", *ARTICLE_29):
        assert shown in text, shown


async def test_the_agreement_prints_as_an_a4_word_file_holding_the_same(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    dispute_id = await _agreed(mediation, mediator)

    answer = await _print(mediation, mediator, dispute_id, **AGREEMENT, format="docx")

    assert answer.status_code == 200, answer.text
    text = _docx_text(answer.content)
    for shown in ("人民调解协议书", NUMBER, *ARTICLE_29):
        assert shown in text, shown
    section = docx.Document(io.BytesIO(answer.content)).sections[0]
    assert (section.page_width, section.page_height) == (7560310, 10692130)  # A4


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
async def test_the_digest_recorded_is_the_files_and_a_reprint_gives_the_same_bytes(
    mediation: Mediation, token: Token, fmt: str
) -> None:
    mediator = token()
    dispute_id = await _agreed(mediation, mediator)

    first = await _print(mediation, mediator, dispute_id, **AGREEMENT, format=fmt)
    again = await _print(mediation, mediator, dispute_id, **AGREEMENT, format=fmt)

    assert (first.status_code, again.status_code) == (200, 200), again.text
    assert first.content == again.content
    sha256 = hashlib.sha256(first.content).hexdigest()
    issued = await _issued(mediation, dispute_id)
    assert [(e.kind, e.format, e.sha256) for e in issued] == [
        ("agreement", fmt, sha256)
    ] * 2
    assert issued[0].document_number == NUMBER
    assert issued[0].issued_on == date(2026, 11, 23)


@pytest.mark.parametrize(
    ("kind", "title", "shown"),
    [
        ("application", "人民调解申请书", "法律热线来电"),
        ("session_record", "人民调解记录", "双方陈述，同意协商赔偿"),
        ("follow_up_record", "人民调解回访记录", "已履行"),
    ],
)
async def test_the_application_the_record_and_the_follow_up_record_print(
    mediation: Mediation, token: Token, kind: str, title: str, shown: str
) -> None:
    mediator = token()
    dispute_id = await _agreed(mediation, mediator)
    visit = {"obligation": 1, "visited_on": "2026-11-20", "note": "已付清"}
    followed = await mediation.act(
        mediator, dispute_id, "follow-ups", fulfilled=True, satisfied=True, **visit
    )
    assert followed.status_code == 200, followed.text

    answer = await _print(mediation, mediator, dispute_id, kind=kind)

    assert answer.status_code == 200, answer.text
    text, sizes = _pdf_text(answer.content)
    assert sizes == {(595, 842)}
    for words in (title, f"{dispute_id}-", "王建华", "李秀英", shown):
        assert words in text, words


async def test_no_agreement_is_printed_before_one_is_reached(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    dispute_id = await mediation.register(mediator)

    chinese = {**mediator, "Accept-Language": "zh-CN"}
    refused = await _print(mediation, chinese, dispute_id, kind="agreement")
    record = await _print(mediation, mediator, dispute_id, kind="session_record")

    assert (refused.status_code, record.status_code) == (409, 409), refused.text
    assert refused.json()["type"].endswith("mediation-document-not-yet"), refused.text
    assert refused.json()["errors"][0]["field"] == "kind"
    assert "尚未达成书面调解协议" in refused.text, refused.text
    assert await _issued(mediation, dispute_id) == []


@pytest.mark.parametrize(
    ("role", "office", "status"),
    [
        (Role.MEDIATOR, COMMUNITY_A2, 404),
        (Role.JUSTICE_OFFICE, STREET_A, 403),
        (Role.COMMUNITY_WORKER, COMMUNITY_A, 403),
    ],
)
async def test_who_may_not_print_the_disputes_documents_is_refused(
    mediation: Mediation, token: Token, role: Role, office: str, status: int
) -> None:
    dispute_id = await _agreed(mediation, token())

    answer = await _print(mediation, token(role, office), dispute_id, **AGREEMENT)

    assert answer.status_code == status, answer.text
    assert await _issued(mediation, dispute_id) == []


async def test_the_check_names_the_dispute_only_to_who_sees_its_parties(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    dispute_id = await _agreed(mediation, mediator)
    printed = (await _print(mediation, mediator, dispute_id, **AGREEMENT)).content
    await mediation.settle()
    check = f"{MEDIATION}/documents/check"

    found = await mediation.http.post(check, content=printed, headers=mediator)
    changed = await mediation.http.post(check, content=printed + b" ", headers=mediator)
    justice = token(Role.JUSTICE_OFFICE, STREET_A)
    by_digest = await mediation.http.get(
        f"{MEDIATION}/documents/{hashlib.sha256(printed).hexdigest()}", headers=justice
    )
    masked = await mediation.http.post(
        check, content=printed, headers=token(Role.COMMUNITY_WORKER)
    )

    [issued] = found.json()["issued"]
    assert (issued["kind"], issued["dispute_id"], issued["number"]) == (
        "agreement",
        dispute_id,
        NUMBER,
    )
    assert changed.json() == {
        "sha256": hashlib.sha256(printed + b" ").hexdigest(),
        "recorded": False,
        "issued": [],
    }
    assert by_digest.json()["issued"][0]["number"] == NUMBER
    [shown] = masked.json()["issued"]
    assert (shown["kind"], shown["dispute_id"], shown["number"]) == (
        "agreement",
        None,
        None,
    )


async def _reads(mediation: Mediation) -> list[DisputeRead]:
    """Every read of a dispute recorded, in order."""
    rows = await mediation.runtime.pool.fetch(
        "SELECT data FROM events WHERE stream_type = 'dispute_read' ORDER BY position"
    )
    return [DisputeRead.model_validate_json(r["data"]) for r in rows]


async def test_printing_and_reprinting_are_each_recorded_as_a_read_of_the_parties(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    dispute_id = await _agreed(mediation, mediator)

    await _print(mediation, mediator, dispute_id, **AGREEMENT)
    await _print(mediation, mediator, dispute_id, **AGREEMENT, format="docx")
    await _print(mediation, mediator, dispute_id, kind="application")

    read = DisputeRead(
        dispute_id=dispute_id,
        dispute_office=COMMUNITY_A,
        reader="mediator-a",
        reader_office=COMMUNITY_A,
        read_at=mediation.clock.now,
        fields=["parties", "matter", "agreement"],
        purpose="print agreement",
    )
    application = read.model_copy(
        update={"fields": ["parties", "matter"], "purpose": "print application"}
    )
    assert await _reads(mediation) == [read, read, application]


async def test_a_check_naming_the_dispute_is_a_read_and_one_masked_is_not(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    dispute_id = await _agreed(mediation, mediator)
    printed = (await _print(mediation, mediator, dispute_id, **AGREEMENT)).content
    await mediation.settle()
    check = f"{MEDIATION}/documents/check"

    await mediation.http.post(check, content=printed, headers=token(Role.AUDITOR))
    await mediation.http.post(
        check, content=printed, headers=token(Role.JUSTICE_OFFICE, STREET_A, "sfs-1")
    )

    [printing, checking] = await _reads(mediation)
    assert (printing.reader, printing.purpose) == ("mediator-a", "print agreement")
    assert (checking.reader, checking.reader_office, checking.purpose) == (
        "sfs-1",
        STREET_A,
        "check a document",
    )
    assert (checking.dispute_id, checking.fields) == (dispute_id, ["documents"])


async def test_the_forms_carry_each_partys_basic_information_from_art_29(
    mediation: Mediation, token: Token
) -> None:
    mediator = token()
    person = await mediation.person(name="赵敏")  # registry: born 1980-05-07
    await mediation.registry.publish()
    parties = [
        {"name": "", "person_id": person, "ethnicity": "汉族", "occupation": "教师"},
        {"name": "钱多多", "sex": "female", "age": 45, "address": "南门街2号"},
        {
            "name": "某某物业服务有限公司",
            "legal_representative": "孙立",
            "address": "江滨大道8号",
            "phone": "0769-88000000",
        },
    ]
    dispute_id = await mediation.register(mediator, parties=parties)

    answer = await _print(mediation, mediator, dispute_id, kind="application")
    found = await load_dispute(mediation.runtime, dispute_id)

    text, _ = _pdf_text(answer.content)
    registered = found.events[0]
    assert isinstance(registered, DisputeRegistered)
    assert [(p.name, p.sex, p.birth_date) for p in registered.parties] == [
        ("赵敏", "male", date(1980, 5, 7)),
        ("钱多多", "female", None),
        ("某某物业服务有限公司", None, None),
    ]
    for shown in (
        "赵敏",
        "1980年5月7日",
        "汉族",
        "教师",
        "钱多多",
        "45岁",
        "南门街2号",
        "法定代表人",
        "孙立",
        "江滨大道8号",
    ):
        assert shown in text, shown
    assert text.count("性别") == 2, text  # none for the organisation
