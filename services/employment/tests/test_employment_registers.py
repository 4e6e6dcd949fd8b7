"""The training, guidance and certificate registers (台帐): by subtree, paged, Excel."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, STREET_A, STREET_B

EMPLOYMENT = "/api/v1/employment"
LEDGERS = f"{EMPLOYMENT}/ledgers"


async def _post(employment, token, path: str, body: dict) -> str:
    record = "/".join(path.split("/")[:2])  # what the change is made to, read first
    headers = await employment.read(token(), f"{EMPLOYMENT}/{record}")
    answer = await employment.http.post(
        f"{EMPLOYMENT}/{path}", json=body, headers=headers
    )
    assert answer.status_code in (200, 201), answer.text
    return str(answer.headers.get("Location", "").rsplit("/", 1)[-1])


async def _history(employment, token) -> str:
    person = await employment.registry.person(COMMUNITY_A, date(1980, 5, 1))
    await employment.settle()
    referral = await _post(
        employment,
        token,
        f"assistance/{person}/trainings",
        {
            "kind": "skills",
            "course": "育婴师",
            "provider": "区职训中心",
            "referred_on": "2026-11-23",
        },
    )
    await _post(
        employment,
        token,
        f"assistance/{person}/trainings/{referral}/outcome",
        {
            "outcome": "certified",
            "recorded_on": "2026-11-23",
            "certificate": "育婴师(五级)",
        },
    )
    await _post(
        employment,
        token,
        f"assistance/{person}/guidance",
        {
            "kind": "job_introduction",
            "given_on": "2026-11-23",
            "notes": "推荐至家政公司",
        },
    )
    await _post(
        employment,
        token,
        f"unemployment/{person}/registrations",
        {"registered_on": "2026-09-01"},
    )
    await _post(
        employment,
        token,
        f"unemployment/{person}/certificates",
        {
            "kind": "reemployment_preferential",
            "number": "ZY-2026-1",
            "issued_on": "2026-09-02",
        },
    )
    await _post(
        employment,
        token,
        f"profiles/{person}/status",
        {
            "status": "employed",
            "employer": "家政公司",
            "since": "2026-11-20",
            "reason": "已就业",
            "source": "self_report",
        },
    )
    await employment.settle()
    return person


async def test_each_register_lists_the_subtree_and_exports(employment, token) -> None:
    person = await _history(employment, token)
    street = token(Role.STREET_ADMIN, STREET_A)

    trainings = await employment.http.get(f"{LEDGERS}/trainings", headers=street)
    guidance = await employment.http.get(f"{LEDGERS}/guidance", headers=street)
    certificates = await employment.http.get(f"{LEDGERS}/certificates", headers=street)
    pending = await employment.http.get(
        f"{LEDGERS}/trainings", params={"which": "pending"}, headers=street
    )
    workbook = await employment.as_sent_by_a_browser(
        "GET", f"{LEDGERS}/certificates/export", street
    )
    other = await employment.http.get(
        f"{LEDGERS}/certificates",
        headers=token(Role.STREET_ADMIN, STREET_B),
        params={"within": STREET_A},
    )

    [training] = trainings.json()["items"]
    assert (training["person_id"], training["outcome"]) == (person, "certified")
    assert [g["kind"] for g in guidance.json()["items"]] == ["job_introduction"]
    [certificate] = certificates.json()["items"]
    # Back at work with a certificate still in use: the register shows both.
    assert (certificate["state"], certificate["labour_status"]) == (
        "in_use",
        "employed",
    )
    assert pending.json()["total"] == 0
    sheet = load_workbook(BytesIO(workbook.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:2] == ("证件编号", "证件类别")
    # In use, and its holder back at work: 正常使用 and 就业 side by side.
    assert (rows[3][1], rows[3][5], rows[3][9]) == ("再就业优惠证", "正常使用", "就业")
    assert other.status_code == 403
