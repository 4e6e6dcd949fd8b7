"""The demo ``make run`` loads: 东向社区's committee and a few disputes on its ledger.

Runs after the registry's demo: the street's justice office (司法所, the demo's
staff-justice) appoints the committee, which the demo mediator (staff-mediator)
directs, with two residents as members; the ledger holds a hotline call settled by
a written agreement awaiting its 回访, a neighbours' dispute that failed, and a
demolition dispute registered 40 days ago and still undecided — overdue, first on
the mediator's to-do list. Does nothing when a committee exists (a second start).
"""

from __future__ import annotations

from datetime import date, timedelta

from shequ.access import Acting, china_date
from shequ.contracts.mediation import CommitteeRole, Obligation, Party
from shequ.mediation.domain import committee, dispute
from shequ.mediation.handlers import committee as committees
from shequ.mediation.handlers import disputes as handle
from shequ.mediation.readmodels.committee import committee_exists
from shequ.mediation.settings import mediation_settings
from shequ.service import Runtime

COMMUNITY = "441900101002"  # 东向社区
MEDIATOR = "staff-mediator"  # the registry demo enrols staff-<login>
JUSTICE = "staff-justice"  # 司法所 of the street: guides and keeps the committees
STREET = "441900101000"  # 中堂镇, where the registry demo seats them
MEMBERS: list[tuple[CommitteeRole, str, str, str | None]] = [
    ("director", "梁志明", "0769-88110001", MEDIATOR),
    ("mediator", "陈丽华", "13800138001", None),
    ("member", "黄国强", "13800138002", None),
]


async def load_demo(runtime: Runtime) -> None:
    """Appoint the demo committee and register its disputes, once."""
    if await committee_exists(runtime.pool, COMMUNITY):
        return
    by = Acting(staff_id="demo", office=COMMUNITY, now=runtime.clock())
    justice = Acting(staff_id=JUSTICE, office=STREET, now=runtime.clock())
    ids = []
    for n, (role, name, phone, staff) in enumerate(MEMBERS):
        member_id, _ = await committees.appoint(
            runtime.store,
            by=justice,
            key=f"demo-member-{n}",
            office=COMMUNITY,
            role=role,
            name=name,
            phone=phone,
            staff_id=staff,
            person_id=None,
        )
        ids.append(member_id)
    await committees.act(
        runtime.store, COMMUNITY, committee.SetOnCall(member_id=ids[0], by=justice)
    )
    today = china_date(runtime.clock())
    await _settled(runtime, by, ids, today - timedelta(days=20))
    await _failed(runtime, by, ids, today - timedelta(days=15))
    await _register(
        runtime, by, "demo-dispute-2", "demolition", today - timedelta(days=40)
    )


async def _register(
    runtime: Runtime, by: Acting, key: str, kind: str, day: date
) -> str:
    neighbours = kind == "neighbours"
    opened = await handle.register(
        runtime.store,
        by=by,
        key=key,
        office=COMMUNITY,
        source="hotline" if neighbours else "walk_in",
        kind="neighbours" if neighbours else "demolition",
        parties=[
            Party(name="王建华", phone="13900139001"),
            Party(name="李秀英", phone="13900139002"),
        ],
        matter="相邻房屋漏水及维修费用分担" if neighbours else "拆迁补偿款分配",
        amount=8000,
        registered_on=day,
        rules=mediation_settings().rules(),
    )
    assert opened.state is not None
    return opened.state.dispute_id


async def _steps(
    runtime: Runtime, dispute_id: str, steps: list[dispute.Command]
) -> None:
    for step in steps:
        await handle.act(runtime.store, dispute_id, step)


async def _settled(runtime: Runtime, by: Acting, ids: list[str], day: date) -> None:
    dispute_id = await _register(runtime, by, "demo-dispute-0", "neighbours", day)
    obligation = Obligation(
        number=1,
        party=1,
        what="支付维修费用",
        due_on=day + timedelta(days=30),
        amount=3000,
    )
    await _steps(
        runtime,
        dispute_id,
        [
            dispute.AcceptDispute(accepted_on=day, by=by),
            dispute.AssignMediators(
                mediators=(ids[0], ids[1]),
                committee=frozenset(ids),
                assigned_on=day,
                by=by,
            ),
            dispute.RecordSession(
                held_on=day + timedelta(days=3),
                place="东向社区调解室",
                attendees=("王建华", "李秀英"),
                summary="双方陈述漏水经过",
                by=by,
            ),
            dispute.ReachAgreement(
                form="written",
                agreed_on=day + timedelta(days=7),
                facts="王建华家卫生间漏水致李秀英家天花板受损",
                terms="王建华承担维修费用三千元",
                obligations=(obligation,),
                by=by,
            ),
        ],
    )


async def _failed(runtime: Runtime, by: Acting, ids: list[str], day: date) -> None:
    dispute_id = await _register(runtime, by, "demo-dispute-1", "neighbours", day)
    await _steps(
        runtime,
        dispute_id,
        [
            dispute.AcceptDispute(accepted_on=day, by=by),
            dispute.AssignMediators(
                mediators=(ids[0],), committee=frozenset(ids), assigned_on=day, by=by
            ),
            dispute.RecordFailure(
                failed_on=day + timedelta(days=5),
                advice="litigation",
                note="双方分歧较大，告知可向人民法院起诉",
                by=by,
            ),
        ],
    )
