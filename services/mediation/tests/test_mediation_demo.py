"""The demo ``make run`` loads: 东向社区's committee and three disputes, once."""

from __future__ import annotations

from shequ.access import Role
from shequ.mediation.demo import COMMUNITY, MEDIATOR, load_demo
from shequ.testing.feeds import STREET_A

from .conftest import MEDIATION, Mediation, Token


async def test_the_demo_appoints_a_committee_and_registers_three_disputes_once(
    mediation: Mediation, token: Token
) -> None:
    await load_demo(mediation.runtime)
    await load_demo(mediation.runtime)
    await mediation.settle()

    mediator = token(Role.MEDIATOR, STREET_A, MEDIATOR)  # the demo's sits at the street
    ledger = (await mediation.http.get(f"{MEDIATION}/ledger", headers=mediator)).json()
    due = (await mediation.http.get(f"{MEDIATION}/to-dos", headers=mediator)).json()
    hotline = await mediation.http.get(
        f"{MEDIATION}/committees", headers=token(Role.COMMUNITY_WORKER, COMMUNITY)
    )

    assert [r["status"] for r in ledger["items"]] == ["registered", "agreed", "failed"]
    assert [(t["kind"], t["overdue"]) for t in due] == [
        ("conclude", True),
        ("close", False),
    ]
    assert [(m["name"], m["on_call"]) for m in hotline.json()] == [
        ("梁志明", True),
        ("陈丽华", False),
        ("黄国强", False),
    ]
