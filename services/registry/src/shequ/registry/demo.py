"""The demo district ``make run`` loads: offices, a few hundred residents, staff.

Places follow seed 000 (中堂镇, 道滘镇); names and ID numbers are generated from a
fixed seed, so every run shows the same ledger. Nothing is loaded when the district
already exists (a second start against the same database).
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from shequ.contracts.registry import OfficeKind
from shequ.eventstore import EventStore
from shequ.registry import office, person
from shequ.registry.common import Acting
from shequ.registry.handlers import persons
from shequ.registry.handlers._common import run
from shequ.registry.identity import DocumentType, check_digit
from shequ.service import Runtime

DISTRICT: tuple[str, str, OfficeKind] = ("441900000000", "示范区", "district")
OFFICES: list[tuple[str, str, OfficeKind]] = [
    ("441900101000", "中堂镇", "town"),
    ("441900101001", "潢涌村", "village"),
    ("441900101002", "东向社区", "community"),
    ("441900102000", "道滘镇", "town"),
    ("441900102001", "南城社区", "community"),
    ("441900102002", "大罗沙村", "village"),
]
COMMUNITIES = [code for code, _, kind in OFFICES if kind in ("community", "village")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红"
STREETS = ["东城路", "南门街", "江滨大道", "新村", "文化路", "工业大道"]


async def load_demo(runtime: Runtime, residents_per_community: int = 60) -> int:
    """Open the demo offices and register residents; returns how many residents."""
    state, _ = await persons.load(runtime.store, office.DECIDER, DISTRICT[0])
    if state is not None:
        return 0
    by = Acting(staff_id="demo", office=DISTRICT[0], now=runtime.clock())
    for code, name, kind in [DISTRICT, *OFFICES]:
        command = office.OpenOffice(
            code=code, name=name, kind=kind, parent_open=True, by=by
        )
        await run(runtime.store, office.DECIDER, code, command, by)
    rng = random.Random(2026)
    count = 0
    for community in COMMUNITIES:
        for _ in range(residents_per_community):
            await _register(runtime.store, rng, community, count, by)
            count += 1
    return count


async def _register(
    store: EventStore, rng: random.Random, community: str, serial: int, by: Acting
) -> None:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 66))
    first17 = f"441900{born:%Y%m%d}{serial % 1000:03d}"
    number = first17 + check_digit(first17)
    command = person.RegisterPerson(
        person_id=f"person-{uuid.UUID(int=rng.getrandbits(128))}",
        name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))),
        document=person.IdDocument(DocumentType.RESIDENT_ID, number),
        birth_date=None, sex=None,
        phone=f"13{rng.randrange(0, 10**9):09d}",
        address=f"{rng.choice(STREETS)} {rng.randrange(1, 300)} 号",
        office=community, office_open=True,
        residence=rng.choice(("registered", "registered", "registered", "floating")),
        tags=frozenset(rng.sample(["student", "retiree", "disabled", "party_member",
                                   "subsistence_allowance"], rng.choice((0, 0, 1)))),
        by=by,
    )  # fmt: skip
    await persons.register(store, command)
