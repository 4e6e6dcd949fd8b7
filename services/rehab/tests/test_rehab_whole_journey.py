"""The whole journey of issue #16, in one case, as the offices and the police live it.

The police publish a decision on NATS; the community's worker records the report,
prints the 协议书 and records its signing, assigns the team and records a test; the
timer finds a missed period overdue; three refusals raise a serious violation, which
the worker reports to the police; the person moves to another street, whose worker
continues the case with its whole history.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

from shequ.access import Role
from shequ.contracts.police import RehabDecisionIssued
from shequ.eventstore import NewStream
from shequ.rehab.handlers.cases import decision_case_id
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B, registration

from .conftest import REHAB, Clock, Rehab, Token

ID_NUMBER = "441900199203151236"
DECISION = "东公（中）决字〔2026〕96号"
AGREEMENT = "中堂社戒协字〔2026〕96号"


async def _decision_from_the_police(rehab: Rehab) -> str:
    person = registration(COMMUNITY_A, "黎明", id_number=ID_NUMBER)
    await rehab.registry.start([NewStream("person", person.person_id, [person])])
    await rehab.settle()
    decision = RehabDecisionIssued(
        decision_number=DECISION,
        police_organ="东莞市公安局中堂分局",
        decided_on=date(2026, 11, 10),
        kind="community_detox",
        ground="first_time",
        term_months=36,
        id_number=ID_NUMBER,
    )
    await rehab.police.append(f"police_decision/{DECISION}", [decision])
    await rehab.settle()
    assert rehab.runtime.store.keyring is not None
    return decision_case_id(rehab.runtime.store.keyring, DECISION)


async def _step(
    rehab: Rehab, worker: dict[str, str], case_id: str, step: str, **body: Any
) -> list[str]:
    answer = await rehab.act(worker, case_id, step, **body)
    assert answer.status_code == 200, answer.text
    recorded: list[str] = answer.json()["recorded"]
    return recorded


async def test_from_the_polices_decision_to_the_new_office(
    rehab: Rehab, token: Token, clock: Clock
) -> None:
    case_id = await _decision_from_the_police(rehab)
    worker = token()

    await _step(rehab, worker, case_id, "report", reported_on="2026-11-12")
    printed = await rehab.http.post(
        f"{REHAB}/cases/{case_id}/documents",
        json={"kind": "agreement", "number": AGREEMENT, "issued_on": "2026-11-12"},
        headers=worker,
    )
    await _step(
        rehab,
        worker,
        case_id,
        "agreement",
        agreement_number=AGREEMENT,
        signed_on="2026-11-12",
    )
    await _step(rehab, worker, case_id, "team", responsible_worker="worker-a")
    await _step(
        rehab, worker, case_id, "tests", tested_on="2026-11-20", result="negative"
    )

    clock.now = datetime(2027, 1, 15, 2, 0, tzinfo=UTC)
    worker = token()
    await rehab.timers()
    overdue = await rehab.http.get(f"{REHAB}/to-dos", headers=worker)

    refusals = [
        await _step(rehab, worker, case_id, "tests", tested_on=day, result="refused")
        for day in ("2027-01-12", "2027-01-13", "2027-01-14")
    ]
    told = await _step(
        rehab,
        worker,
        case_id,
        "police-reports",
        reason="tests_refused_or_evaded",
        reported_on="2027-01-15",
        police_organ="东莞市公安局中堂分局",
    )
    moved = await _step(rehab, worker, case_id, "hand-over", to_office=COMMUNITY_B)
    await rehab.settle()
    there = token(Role.REHAB_WORKER, COMMUNITY_B, "worker-b")
    continued = await _step(
        rehab, there, case_id, "team", responsible_worker="worker-b"
    )
    read = await rehab.http.get(f"{REHAB}/cases/{case_id}", headers=there)
    history = [h["type"] for h in read.json()["history"]]
    facts = {h["type"]: h["facts"] for h in read.json()["history"]}

    assert printed.status_code == 200, printed.text
    assert printed.content.startswith(b"%PDF")
    assert (
        facts["RehabAgreementSigned"]["document_sha256"]
        == hashlib.sha256(printed.content).hexdigest()
    )
    assert ("test_missed", "2026-12-12", True) in [
        (t["kind"], t["due_on"], t["overdue"]) for t in overdue.json()
    ]
    assert refusals[-1] == ["UrineTestRecorded", "SeriousViolationFound"]
    assert (told, moved, continued) == (
        ["SeriousViolationReported"],
        ["RehabCaseHandedOver"],
        ["RehabTeamAssigned"],
    )
    assert read.json()["office"] == COMMUNITY_B
    assert history[0] == "RehabDecisionReceived"
    assert {
        "RehabDocumentIssued",
        "UrineTestMissed",
        "SeriousViolationReported",
    } <= set(history)
