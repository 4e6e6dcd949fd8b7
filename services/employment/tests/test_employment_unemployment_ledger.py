"""The unemployed persons ledger (失业人员台帐), its Excel export and the figures.

One street's worth of people: registered or not, out of work or not, tagged 低保,
残疾 or 困难家庭, one who died and one in the other street.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from shequ.access import Role
from shequ.contracts.registry import PersonRegistered, Sex, Tag
from shequ.eventstore import NewStream
from shequ.testing.feeds import (
    COMMUNITY_A,
    COMMUNITY_A2,
    COMMUNITY_B,
    STREET_A,
    RegistryFeed,
)

API = "/api/v1/employment"
LEDGER = f"{API}/ledgers/unemployed"


async def settle(employment) -> None:
    """``employment.settle()``, once the registry feed has published everything.

    The feed's relay reads only below the cluster's oldest open transaction, so
    while other sessions hold one open on the same server, one ``publish()`` can
    stop short of what was appended; ``pending`` counts every committed event.
    """
    deadline = asyncio.get_running_loop().time() + 10
    while (await employment.registry.relay.status()).pending:
        assert asyncio.get_running_loop().time() < deadline, "registry not published"
        await employment.registry.publish()
        await asyncio.sleep(0.01)
    await employment.settle()


async def _person(
    registry: RegistryFeed,
    office: str,
    name: str,
    sex: Sex = "male",
    tags: tuple[Tag, ...] = (),
    masked: str | None = None,
) -> str:
    stream = registry.new_person(office, date(1988, 3, 4), sex, tags, name)
    event = stream.events[0]
    assert isinstance(event, PersonRegistered)
    if masked is not None:
        event = event.model_copy(
            update={
                "document_kind": "resident_id",
                "document_number": "441900198803041234",
                "document_masked": masked,
            }
        )
    await registry.start([NewStream(stream.stream_type, stream.stream_id, [event])])
    return stream.stream_id


@dataclass
class Street:
    zhang: str  # A: 低保 and 残疾, registered, 失业证, out of work since 2026-08-15
    li: str  # A: 困难家庭, registered, found work, 再就业优惠证 kept
    wang: str  # A: out of work, never registered
    zhao: str  # A: employed, not registered: not in the ledger
    qian: str  # A: registration ended, found work: not in the ledger
    sun: str  # A2: registered, so unemployed
    zhou: str  # A: registered, then died: not in the ledger
    wu: str  # B: registered, the other street


async def _street(employment, token) -> Street:
    registry = employment.registry
    s = Street(
        zhang=await _person(
            registry,
            COMMUNITY_A,
            "张三",
            "female",
            ("subsistence_allowance", "disabled"),
            "4419**********1234",
        ),
        li=await _person(registry, COMMUNITY_A, "李四", tags=("hardship_family",)),
        wang=await _person(registry, COMMUNITY_A, "王五"),
        zhao=await _person(registry, COMMUNITY_A, "赵六"),
        qian=await _person(registry, COMMUNITY_A, "钱七"),
        sun=await _person(registry, COMMUNITY_A2, "孙八"),
        zhou=await _person(registry, COMMUNITY_A, "周九"),
        wu=await _person(registry, COMMUNITY_B, "吴十"),
    )
    await settle(employment)
    http = employment.http

    async def post(path: str, body: dict[str, str]) -> dict[str, Any]:
        record = "/".join(path.split("/")[:2])  # what the change is made to
        headers = await employment.read(token(), f"{API}/{record}")
        answer = await http.post(f"{API}/{path}", json=body, headers=headers)
        assert answer.status_code in (200, 201), answer.text
        reply: dict[str, Any] = answer.json()
        return reply

    async def status(person: str, status: str, **more: str) -> None:
        await post(
            f"profiles/{person}/status",
            {
                "status": status,
                "since": "2026-08-15",
                "reason": "走访",
                "source": "home_visit",
                **more,
            },
        )

    # Out of work before registering: a registration keeps that status (and since).
    await status(s.zhang, "unemployed")
    opened = {
        person: (
            await post(
                f"unemployment/{person}/registrations", {"registered_on": "2026-09-01"}
            )
        )["open_registration_id"]
        for person in (s.zhang, s.li, s.qian, s.sun, s.zhou, s.wu)
    }
    await post(
        f"unemployment/{s.zhang}/certificates",
        {"kind": "unemployment", "number": "SY-001", "issued_on": "2026-09-02"},
    )
    await post(
        f"unemployment/{s.li}/certificates",
        {
            "kind": "reemployment_preferential",
            "number": "YH-001",
            "issued_on": "2026-09-02",
        },
    )
    await post(
        f"unemployment/{s.qian}/registrations/{opened[s.qian]}/end",
        {"ended_on": "2026-10-01", "reason": "found work"},
    )
    await status(s.qian, "employed", employer="东莞某厂")
    await status(s.li, "employed", employer="东莞某厂")
    await status(s.wang, "unemployed")
    await status(s.zhao, "employed", employer="东莞某厂")
    await registry.died(s.zhou, COMMUNITY_A, date(2026, 11, 1))
    await settle(employment)
    return s


async def _ledger(employment, headers, **params: object) -> dict[str, Any]:
    answer = await employment.http.get(LEDGER, params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    page: dict[str, Any] = answer.json()
    return page


def _ids(page: dict[str, Any]) -> set[str]:
    return {item["person_id"] for item in page["items"]}


async def test_the_community_ledger_lists_the_registered_and_the_unemployed(
    employment, token
) -> None:
    s = await _street(employment, token)

    page = await _ledger(employment, token(Role.COMMUNITY_WORKER, COMMUNITY_A))

    assert (page["total"], _ids(page)) == (3, {s.zhang, s.li, s.wang})
    rows = {item["person_id"]: item for item in page["items"]}
    assert rows[s.zhang] == {
        "person_id": s.zhang,
        "name": "张三",
        "document_masked": "4419**********1234",
        "sex": "female",
        "birth_date": "1988-03-04",
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "registration_id": rows[s.zhang]["registration_id"],
        "registered_on": "2026-09-01",
        "certificates": [
            {"number": "SY-001", "kind": "unemployment", "state": "in_use"}
        ],
        "subsistence_allowance": True,
        "disabled": True,
        "hardship_family": False,
        "labour_status": "unemployed",
        "unemployed_since": "2026-08-15",
    }
    assert rows[s.li]["labour_status"] == "employed"
    assert rows[s.li]["unemployed_since"] is None
    assert rows[s.li]["hardship_family"] is True
    assert (rows[s.wang]["registered_on"], rows[s.wang]["certificates"]) == (None, [])


async def test_the_street_ledger_covers_its_communities_page_by_page(
    employment, token
) -> None:
    s = await _street(employment, token)
    street = token(Role.STREET_ADMIN, STREET_A)

    first = await _ledger(employment, street, size=3)
    second = await _ledger(employment, street, size=3, page=2)
    district = await _ledger(employment, token())

    assert (first["total"], len(first["items"]), len(second["items"])) == (4, 3, 1)
    assert _ids(first) | _ids(second) == {s.zhang, s.li, s.wang, s.sun}
    assert _ids(district) == {s.zhang, s.li, s.wang, s.sun, s.wu}


async def test_the_ledger_exports_in_chinese_by_default_as_offices_print_it(
    employment, token
) -> None:
    s = await _street(employment, token)

    answer = await employment.as_sent_by_a_browser(
        "GET", f"{LEDGER}/export", token(), params={"within": COMMUNITY_A}
    )

    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [sheet.title, rows[0][0], sheet.freeze_panes] == [
        "失业人员台帐",
        f"office {COMMUNITY_A}失业人员台帐",
        "A4",
    ]
    assert [
        sheet.page_setup.orientation,
        sheet.page_setup.paperSize,
        sheet.print_title_rows,
        sheet.oddFooter.center.text,
    ] == ["landscape", 9, "$1:$3", "第 &P 页 共 &N 页"]
    assert rows[2] == (
        "姓名",
        "身份证号",
        "性别",
        "出生日期",
        "所属社区",
        "失业登记日期",
        "在用证件编号",
        "低保",
        "残疾",
        "困难家庭",
        "就业状态",
        "失业时间",
    )
    assert len(rows) == 3 + 3
    zhang = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == "张三")
    assert [c.value for c in zhang] == [
        "张三",
        "4419**********1234",
        "女",
        datetime(1988, 3, 4),
        f"office {COMMUNITY_A}（{COMMUNITY_A}）",
        datetime(2026, 9, 1),
        "SY-001",
        "是",
        "是",
        "否",
        "失业",
        datetime(2026, 8, 15),
    ]
    assert [zhang[1].data_type, zhang[1].number_format] == ["s", "@"]
    assert s.wu not in answer.text


async def test_the_ledger_exports_in_english_on_request(employment, token) -> None:
    await _street(employment, token)

    english = await employment.http.get(
        f"{LEDGER}/export", params={"within": STREET_A}, headers=token()
    )
    asked = await employment.as_sent_by_a_browser(
        "GET", f"{LEDGER}/export", token(), params={"within": STREET_A, "lang": "en"}
    )

    for answer in (english, asked):
        rows = list(load_workbook(BytesIO(answer.content)).active.values)
        assert rows[0][0] == f"Ledger of unemployed persons, office {STREET_A}"
        assert rows[2][:3] == ("Full name", "ID card number", "Gender")
        assert len(rows) == 3 + 4
        zhang = next(r for r in rows if r[0] == "张三")
        assert (zhang[2], zhang[7], zhang[10]) == ("female", "yes", "unemployed")


async def test_the_figures_give_the_seeds_breakdown(employment, token) -> None:
    await _street(employment, token)

    street = await employment.http.get(
        f"{API}/figures/unemployment", params={"within": STREET_A}, headers=token()
    )
    community = await employment.http.get(
        f"{API}/figures/unemployment",
        headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A2),
    )

    assert street.status_code == 200, street.text
    assert street.json() == {
        "office": STREET_A,
        "on": "2026-11-23",
        "able_to_work": 6,
        "registered": 3,
        "certificates_in_use": 2,
        "subsistence_allowance": 1,
        "disabled": 1,
        "hardship_family": 1,
        "actually_unemployed": 3,
    }
    assert community.json() == {
        "office": COMMUNITY_A2,
        "on": "2026-11-23",
        "able_to_work": 1,
        "registered": 1,
        "certificates_in_use": 0,
        "subsistence_allowance": 0,
        "disabled": 0,
        "hardship_family": 0,
        "actually_unemployed": 1,
    }
