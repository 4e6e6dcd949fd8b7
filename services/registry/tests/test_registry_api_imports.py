"""Bulk import over HTTP (#13 item 12): upload a ledger, follow its job, get refusals.

An office clerk uploads the resident ledger (.csv or .xlsx); the registry answers 202
with the job's address at once, the job shows rows read, added and refused, and the
refused rows come back as a CSV with the reason per row. The rules are those of
``shequ-registry import``; a file that cannot be read is refused at once, naming the
``file`` field, with nothing written; uploading the same file again adds nobody twice.
"""

from __future__ import annotations

import asyncio
import csv
import io

import httpx
import openpyxl

from shequ.access import Role
from shequ.registry.domain.identity import check_digit
from shequ.service.ledgers import MAX_UPLOAD

API = "/api/v1/registry"
IMPORTS, PERSONS = f"{API}/imports", f"{API}/persons"
COMMUNITY_A, COMMUNITY_B = "441900101001", "441900102001"
HEADER = ["序号", "姓名", "身份证号", "性别", "联系电话", "住址"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _id(serial: int) -> str:
    first17 = f"44190019900307{serial:03d}"
    return first17 + check_digit(first17)


GOOD, OTHER = _id(101), _id(103)
BAD = GOOD[:16] + "5" + GOOD[17]  # sex digit changed: the check digit fails
ROWS = [
    ["1", "张伟", GOOD, "男", "13800138000", "东城路 1 号"],
    ["2", "李娜", BAD, "女", "", "东城路 2 号"],
    ["3", "", _id(105), "男", "", "东城路 3 号"],
    ["4", "王强", OTHER, "男", "", "东城路 4 号"],
]


def _csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode("utf-8-sig")


def _xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _upload(
    http: httpx.AsyncClient,
    headers: dict[str, str],
    data: bytes,
    name: str = "台帐.csv",
    office: str = COMMUNITY_A,
    kind: str = "text/csv",
) -> httpx.Response:
    return await http.post(
        IMPORTS,
        data={"office": office},
        files={"file": (name, data, kind)},
        headers=headers,
    )


async def _finished(http: httpx.AsyncClient, url: str, headers: dict) -> dict:
    async with asyncio.timeout(20):
        while True:
            job: dict = (await http.get(url, headers=headers)).json()
            if job["status"] != "running":
                return job
            await asyncio.sleep(0.05)


def _counts(job: dict) -> dict:
    keys = ("status", "total", "read", "added", "already_registered", "refused")
    return {key: job[key] for key in keys}


async def test_an_uploaded_csv_is_imported_and_its_refused_rows_come_back(
    registry, token
) -> None:
    clerk = token(Role.COMMUNITY_WORKER, COMMUNITY_A)

    accepted = await _upload(registry, clerk, _csv(ROWS))
    job = await _finished(registry, accepted.headers["Location"], clerk)
    refused = await registry.get(
        f"{accepted.headers['Location']}/refused", headers=clerk
    )

    assert accepted.status_code == 202
    assert accepted.headers["Location"] == f"{IMPORTS}/{accepted.json()['job_id']}"
    assert accepted.json()["status"] == "running"
    assert _counts(job) == {
        "status": "done",
        "total": 4,
        "read": 4,
        "added": 2,
        "already_registered": 0,
        "refused": 2,
    }
    assert (job["office"], job["file_name"], job["failure"]) == (
        COMMUNITY_A,
        "台帐.csv",
        None,
    )
    assert refused.status_code == 200
    assert refused.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert list(csv.reader(io.StringIO(refused.content.decode("utf-8-sig")))) == [
        ["row", *HEADER, "problems"],
        ["3", *ROWS[1], "document_number: check digit should be 1, not 9"],
        ["4", *ROWS[2], "name: the name must not be blank"],
    ]


async def test_uploading_the_same_ledger_again_adds_nobody(
    registry, token, listing
) -> None:
    clerk = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    workbook = _xlsx([ROWS[0], ROWS[3]])

    first = await _upload(registry, clerk, workbook, "台帐.xlsx", kind=XLSX)
    done = await _finished(registry, first.headers["Location"], clerk)
    again = await _upload(registry, clerk, workbook, "台帐.xlsx", kind=XLSX)
    redone = await _finished(registry, again.headers["Location"], clerk)
    people = await listing(registry, PERSONS, clerk, 2)

    assert (first.status_code, again.status_code) == (202, 202)
    assert _counts(done) == {
        "status": "done",
        "total": 2,
        "read": 2,
        "added": 2,
        "already_registered": 0,
        "refused": 0,
    }
    assert _counts(redone) == {**_counts(done), "added": 0, "already_registered": 2}
    assert sorted(p["name"] for p in people["items"]) == ["张伟", "王强"]


async def test_a_file_that_cannot_be_read_is_refused_at_once_naming_the_field(
    registry, token
) -> None:
    clerk = token(Role.COMMUNITY_WORKER, COMMUNITY_A)

    broken = await _upload(registry, clerk, b"PK\x03\x04 not a workbook", "a.xlsx")
    headless = await _upload(registry, clerk, _csv(ROWS, header=["甲", "乙"]))
    binary = await _upload(registry, clerk, bytes(range(128, 256)) * 4)
    missing = await registry.post(IMPORTS, data={"office": COMMUNITY_A}, headers=clerk)
    people = await registry.get(PERSONS, headers=clerk)

    for answer in (broken, headless, binary, missing):
        assert answer.status_code == 422, answer.text
        assert [e["field"] for e in answer.json()["errors"]] == ["file"]
    assert "a.xlsx is not a readable .xlsx workbook" in broken.json()["detail"]
    assert headless.json()["detail"].startswith("no header row found")
    assert people.json()["total"] == 0


async def test_an_upload_is_bounded_and_kept_to_the_clerks_offices(
    registry, token
) -> None:
    clerk = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    other = token(Role.COMMUNITY_WORKER, COMMUNITY_B)

    too_large = await _upload(registry, clerk, b"x" * (MAX_UPLOAD + 100_000))
    elsewhere = await _upload(registry, clerk, _csv(ROWS), office=COMMUNITY_B)
    auditor = await _upload(registry, token(Role.AUDITOR), _csv(ROWS))
    accepted = await _upload(registry, clerk, _csv(ROWS[:1]))
    await _finished(registry, accepted.headers["Location"], clerk)
    foreign = await registry.get(accepted.headers["Location"], headers=other)
    unknown = await registry.get(f"{IMPORTS}/no-such-job", headers=clerk)

    assert too_large.status_code == 413
    assert elsewhere.status_code == 403
    assert auditor.status_code == 403
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == {**unknown.json(), "instance": foreign.json()["instance"]}


async def test_a_row_holding_a_nul_is_refused_and_reported(registry, token) -> None:
    clerk = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    row = ["1", "张\x00伟", GOOD, "男", "", "东城路 1 号"]

    accepted = await _upload(registry, clerk, _csv([row]))
    job = await _finished(registry, accepted.headers["Location"], clerk)
    refused = await registry.get(
        f"{accepted.headers['Location']}/refused", headers=clerk
    )

    assert (job["status"], job["refused"]) == ("done", 1)
    lines = list(csv.reader(io.StringIO(refused.content.decode("utf-8-sig"))))
    assert lines[1] == [
        "2",
        "1",
        "张\ufffd伟",  # jsonb holds no NUL: shown as the replacement character
        GOOD,
        "男",
        "",
        "东城路 1 号",
        "name: the cell contains the control character U+0000",
    ]
