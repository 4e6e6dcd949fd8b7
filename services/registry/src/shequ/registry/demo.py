"""The demo district ``make run`` loads: offices, residents in households, staff.

Places follow seed 000 (中堂镇, 道滘镇); names and ID numbers are generated from a
fixed seed, so every run shows the same ledger. One staff member per role signs in
with the demo credentials printed in Chinese; a role whose service is not installed
yet (rehab, mediation, events) gets no account. Nothing is loaded when the first town
already exists (a second start against the same database).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Collection
from datetime import date, timedelta
from importlib.metadata import entry_points

from shequ.access import Acting, OfficeCode, Role
from shequ.contracts.messages import N_
from shequ.contracts.registry import ROLE_LABELS, OfficeKind, Relationship
from shequ.eventstore import EventStore, load
from shequ.i18n import render
from shequ.registry.domain import office, person
from shequ.registry.domain.identity import DocumentType, check_digit
from shequ.registry.handlers import households, offices, persons, staff
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


# (login, role, office): one of each role, at the level the role works at.
STAFF = [
    ("worker", Role.COMMUNITY_WORKER, "441900101002"),
    ("street", Role.STREET_ADMIN, "441900101000"),
    ("district", Role.DISTRICT_ADMIN, DISTRICT[0]),
    ("employment", Role.EMPLOYMENT_OFFICER, "441900101000"),
    ("rehab", Role.REHAB_WORKER, "441900101002"),
    ("police", Role.POLICE_LIAISON, "441900101000"),
    ("antidrug", Role.ANTI_DRUG_OFFICE, DISTRICT[0]),
    ("mediator", Role.MEDIATOR, "441900101000"),
    ("justice", Role.JUSTICE_OFFICE, "441900101000"),
    ("activities", Role.ACTIVITY_ORGANISER, "441900101002"),
    ("auditor", Role.AUDITOR, DISTRICT[0]),
]
# The service a role works in, where it is not the registry's or employment's: its
# demo account is enrolled only when that service is installed (#13 item 13).
WORKS_IN = {
    Role.REHAB_WORKER: "rehab",
    Role.POLICE_LIAISON: "rehab",
    Role.ANTI_DRUG_OFFICE: "rehab",
    Role.MEDIATOR: "mediation",
    Role.JUSTICE_OFFICE: "mediation",
    Role.ACTIVITY_ORGANISER: "events",
}
RELATIONS: list[Relationship] = ["spouse", "child", "child", "parent"]


def installed_services() -> frozenset[str]:
    """The services installed beside the registry (entry-point group shequ.services)."""
    return frozenset(point.name for point in entry_points(group="shequ.services"))


def demo_staff(services: Collection[str]) -> list[tuple[str, Role, str]]:
    """The demo accounts whose role works in a service among ``services``."""
    return [entry for entry in STAFF if WORKS_IN.get(entry[1], "registry") in services]


async def load_demo(
    runtime: Runtime,
    residents_per_community: int = 60,
    services: Collection[str] | None = None,
) -> None:
    """Open the demo offices, register residents in households, enrol demo staff.

    ``services``: those installed (by default, found through their entry points).
    """
    first_town, _ = await load(runtime.store, office.DECIDER, OFFICES[0][0])
    if first_town is not None:
        return
    by = Acting(staff_id="demo", office=DISTRICT[0], now=runtime.clock())
    for code, name, kind in [DISTRICT, *OFFICES]:
        if await offices.office_is_open(runtime.store, code):
            # The bootstrap opened the district under a placeholder name.
            await offices.rename(runtime.store, by, code, name=name)
        else:
            await offices.open_office(
                runtime.store, by, code=OfficeCode(code), name=name, kind=kind
            )
    rng = random.Random(2026)
    serial = 0
    for community in COMMUNITIES:
        family: list[str] = []
        for n in range(residents_per_community):
            family.append(await _register(runtime.store, rng, community, serial, by))
            serial += 1
            if (
                len(family) >= rng.choice((1, 2, 3, 4))
                or n == residents_per_community - 1
            ):
                await _household(runtime.store, rng, community, family, by)
                family = []
    accounts = demo_staff(installed_services() if services is None else services)
    for login, role, at in accounts:
        await _enrol(runtime, login, role, at, by)
    print(signed_in_as(accounts), file=sys.stderr, flush=True)


def signed_in_as(accounts: list[tuple[str, Role, str]]) -> str:
    """The demo sign-ins, as the console's user reads them (in Chinese)."""
    each = N_("{login} / {password} ({role})")
    shown = "; ".join(
        render(
            each,
            {"login": login, "password": f"demo-{login}", "role": ROLE_LABELS[role]},
            "zh",
        )
        for login, role, _ in accounts
    )
    said = N_(
        "shequ: demo accounts (sign in: POST /api/v1/registry/sign-in): {accounts}"
    )
    return render(said, {"accounts": shown}, "zh")


async def _enrol(runtime: Runtime, login: str, role: Role, at: str, by: Acting) -> None:
    await staff.enrol(
        runtime.store,
        by,
        staff_id=f"staff-{login}",  # the demo's staff are known by name
        login=login,
        name=f"演示{login}",
        office=at,
        roles=frozenset({role}),
        employment="full_time",
        password=f"demo-{login}",
    )


async def _household(
    store: EventStore, rng: random.Random, community: str, family: list[str], by: Acting
) -> None:
    head, *others = family
    await households.register(
        store,
        by,
        head_person_id=head,
        address=f"{rng.choice(STREETS)} {rng.randrange(1, 300)} 号",
        office=community,
        members=[(p, RELATIONS[i % 4]) for i, p in enumerate(others)],
        # A key per household: the same ids on every run, as the same names.
        key=f"demo-household-{head}",
    )


async def _register(
    store: EventStore, rng: random.Random, community: str, serial: int, by: Acting
) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 66))
    first17 = f"441900{born:%Y%m%d}{serial % 1000:03d}"
    number = first17 + check_digit(first17)
    outcome = await persons.register(
        store,
        by,
        name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))),
        document=person.IdDocument(kind=DocumentType.RESIDENT_ID, number=number),
        birth_date=None,
        sex=None,
        phone=f"13{rng.randrange(0, 10**9):09d}",
        address=f"{rng.choice(STREETS)} {rng.randrange(1, 300)} 号",
        office=community,
        residence=rng.choice(("registered", "registered", "registered", "floating")),
        tags=rng.sample(
            ["student", "retiree", "disabled", "party_member", "subsistence_allowance"],
            rng.choice((0, 0, 1)),
        ),
        key=f"demo-person-{serial}",
    )
    assert outcome.state is not None
    return outcome.state.person_id
