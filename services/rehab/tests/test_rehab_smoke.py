"""Rehab starts, opens a case from a decision typed in, and shows it to its worker."""

from __future__ import annotations

from .conftest import REHAB, Rehab, Token


async def test_a_worker_opens_a_case_and_reads_it(rehab: Rehab, token: Token) -> None:
    worker = token()
    person = await rehab.person()
    case_id = await rehab.open_case(worker, person)

    answer = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=worker)

    assert answer.status_code == 200, answer.text
    assert answer.json()["name"] == "张三"
