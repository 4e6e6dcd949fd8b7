"""Events' activities in reporting: entered through the events API, read in reporting.

The events service runs beside reporting, fed by the same registry; what its API
records reaches reporting over JetStream as deployed. Both read one clock, the last
evening of this year (23:00 in China): the events are recorded at the real now, so
"by 31 December" is this year's, and the year's plans are read at that moment.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any
from urllib.parse import unquote

import docx
import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook
from pypdf import PdfReader

from shequ.access import Role
from shequ.contracts.personal import ERASED_NAME
from shequ.contracts.registry import PersonErased
from shequ.documents import MEDIA_TYPES
from shequ.events.app import create_app as create_events
from shequ.events.settings import EventsSettings
from shequ.service import Runtime, ServiceSettings
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_A2, STREET_A
from shequ.testing.harmony import EVENTS, Entered, enter
from shequ.testing.tokens import PUBLIC_KEY, bearer, staff

from .conftest import Reporting

REP = "/api/v1/reporting"
LEDGERS = f"{REP}/ledgers/events"
PLANS = f"{REP}/work-plans"
YEAR = datetime.now(UTC).year
EVENING = datetime(YEAR, 12, 31, 15, 0, tzinfo=UTC)  # 23:00 on 31 December in China


@dataclass
class Clock:
    now: datetime = EVENING

    def __call__(self) -> datetime:
        return self.now


CLOCK = Clock()


@pytest.fixture
def reporting_clock() -> Clock:
    return CLOCK


@dataclass
class Stack:
    """Reporting and the events service beside it, on one clock."""

    reporting: Reporting
    events: httpx.AsyncClient
    runtime: Runtime

    def token(self, role: Role = Role.STREET_ADMIN, office: str = STREET_A) -> Any:
        return bearer(staff(role, office=office, staff_id=f"{role}-1"), CLOCK.now)

    async def settle(self, within: float = 10.0) -> None:
        """Registry published, events' relay drained, every projection caught up."""
        await self.reporting.registry.publish()
        deadline = asyncio.get_running_loop().time() + within
        while (await self.runtime.relay.status()).pending:
            assert asyncio.get_running_loop().time() < deadline, "relay did not drain"
            await asyncio.sleep(0.01)
        for runner in self.runtime.runners.values():
            for status in await runner.status():
                await runner.wait_until(status.source, status.stream_last_seq, within)
        await self.reporting.settle(within)

    async def plan(self, office: str, metric: str, target: float) -> None:
        """Set a target of ``office``'s plan for the year (at least ``target``)."""
        writer = self.token(Role.STREET_ADMIN, STREET_A)
        read = await self.reporting.http.get(f"{PLANS}/{office}/{YEAR}", headers=writer)
        answer = await self.reporting.http.put(
            f"{PLANS}/{office}/{YEAR}/targets/{metric}",
            json={"comparison": "at_least", "target": target, "note": "街道下达"},
            headers={**writer, "If-Match": read.headers["ETag"]},
        )
        assert answer.status_code == 200, answer.text

    async def get(self, path: str, **params: Any) -> Any:
        answer = await self.reporting.http.get(
            path, params=params, headers=self.token()
        )
        assert answer.status_code == 200, answer.text
        return answer


@pytest.fixture
async def stack(
    reporting: Reporting, pg_dsns: Callable[[], Any], nats_server_url: str
) -> AsyncIterator[Stack]:
    settings = ServiceSettings(
        database_url=await pg_dsns(),
        database_role="shequ_events",
        nats_url=nats_server_url,
        token_public_key=PUBLIC_KEY,
    )
    app: FastAPI = create_events(settings, EventsSettings(), clock=CLOCK)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://events",
            headers={"Accept-Language": "en"},
        ) as http,
    ):
        found = Stack(reporting, http, app.state.runtime)
        await found.settle()
        yield found


def _organiser(office: str = COMMUNITY_A) -> dict[str, str]:
    return bearer(staff(Role.ACTIVITY_ORGANISER, office=office), CLOCK.now)


async def _harmony(stack: Stack) -> Entered:
    registry = stack.reporting.registry
    households = []
    for n in range(10):
        head = await registry.person(COMMUNITY_A, date(1970, 1, 1 + n))
        households.append(await registry.household(COMMUNITY_A, head))
    await stack.settle()
    entered = await enter(stack.events, _organiser(), COMMUNITY_A, households, YEAR)
    await stack.settle()
    return entered


async def _meeting(stack: Stack, office: str, day: str) -> str:
    answer = await stack.events.post(
        f"{EVENTS}/activities",
        json={
            "office": office, "kind": "anti_drug_meeting", "title": "禁毒工作会议",
            "held_on": f"{YEAR}-{day}", "place": "社区会议室", "lead": "主任",
            "staff": [], "resources": [], "risks": [], "planned_participants": 12,
        },
        headers=_organiser(office),
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    found: str = answer.json()["activity_id"]
    return found


async def test_the_family_harmony_plan_shows_on_the_streets_work_plan(
    stack: Stack,
) -> None:
    entered = await _harmony(stack)
    await stack.plan(STREET_A, "large_performances", 6)
    await stack.plan(STREET_A, "activities_held", 6)

    board = (await stack.get(f"{PLANS}/{STREET_A}/{YEAR}/dashboard")).json()

    shown = {
        t["metric"]: (t["target"], t["actual"], t["met"], t["behind"])
        for t in board["targets"]
    }
    behind = f"{PLANS}/{STREET_A}/{YEAR}/metrics/{{}}/activities"
    assert shown == {
        "large_performances": (6, 1, False, behind.format("large_performances")),
        "activities_held": (6, 6, True, behind.format("activities_held")),
    }
    traced = (await stack.get(behind.format("large_performances"))).json()
    [party] = traced["activities"]
    assert (traced["actual"], party["activity_id"]) == (1, entered.party)
    assert {
        k: party[k]
        for k in ("kind", "title", "place", "lead", "staff", "planned", "attendance")
    } == {
        "kind": "evening_party", "title": "联谊晚会", "place": "张村",
        "lead": "李新欣", "staff": 13, "planned": 60, "attendance": 60,
    }  # fmt: skip
    assert (party["evaluations"], party["score"], party["project"]) == (
        3,
        4.5,
        "服务农村社区,促进家庭和谐",
    )
    every = (await stack.get(behind.format("activities_held"))).json()
    assert sorted(a["activity_id"] for a in every["activities"]) == sorted(
        entered.activity_ids
    )


async def test_the_visits_and_attendance_are_in_the_activity_ledger(
    stack: Stack,
) -> None:
    entered = await _harmony(stack)

    ledger = (await stack.get(f"{LEDGERS}/activities", within=STREET_A)).json()

    rows = {r["activity_id"]: r for r in ledger["items"]}
    assert ledger["total"] == 6
    assert (
        rows[entered.interviews]["families"],
        rows[entered.interviews]["visited"],
    ) == (10, 40)
    assert (rows[entered.party]["head_count"], rows[entered.party]["registered"]) == (
        60,
        0,
    )


async def test_three_anti_drug_meetings_by_31_december_miss_the_target(
    stack: Stack,
) -> None:
    held = [await _meeting(stack, COMMUNITY_A2, d) for d in ("03-10", "06-10", "09-10")]
    await stack.settle()
    await stack.plan(COMMUNITY_A2, "anti_drug_meetings", 4)

    board = (await stack.get(f"{PLANS}/{COMMUNITY_A2}/{YEAR}/dashboard")).json()

    [meetings] = board["targets"]
    assert (meetings["metric"], meetings["target"], meetings["actual"]) == (
        "anti_drug_meetings",
        4,
        3,
    )
    assert meetings["met"] is False
    assert meetings["trend"][-1]["actual"] == 3
    traced = (await stack.get(meetings["behind"])).json()
    assert sorted(a["activity_id"] for a in traced["activities"]) == sorted(held)


async def test_a_cancelled_meeting_leaves_the_ledger_and_the_target(
    stack: Stack,
) -> None:
    held, called_off = [
        await _meeting(stack, COMMUNITY_A2, d) for d in ("03-10", "06-10")
    ]
    await stack.settle()
    await stack.plan(COMMUNITY_A2, "anti_drug_meetings", 4)
    before = datetime.now(UTC)
    cancelled = await stack.events.post(
        f"{EVENTS}/activities/{called_off}/cancel",
        json={"reason": "疫情防控，取消"},
        headers={**_organiser(COMMUNITY_A2), "If-Match": '"1"'},
    )
    assert cancelled.status_code == 200, cancelled.text
    await stack.settle()

    board = (await stack.get(f"{PLANS}/{COMMUNITY_A2}/{YEAR}/dashboard")).json()
    then = await stack.get(
        f"{LEDGERS}/activities", within=COMMUNITY_A2, as_of=before.isoformat()
    )
    now = await stack.get(f"{LEDGERS}/activities", within=COMMUNITY_A2)

    [meetings] = board["targets"]
    assert meetings["actual"] == 1
    traced = (await stack.get(meetings["behind"])).json()
    assert [a["activity_id"] for a in traced["activities"]] == [held]
    assert {a["activity_id"] for a in then.json()["items"]} == {held, called_off}
    assert [a["activity_id"] for a in now.json()["items"]] == [held]


async def test_ledgers_read_as_of_a_moment_before_and_after(stack: Stack) -> None:
    registry = stack.reporting.registry
    person = await registry.person(COMMUNITY_A, date(1980, 2, 2), name="王芳")
    await stack.settle()
    before = datetime.now(UTC)
    writer = _organiser()
    meeting = await _meeting(stack, COMMUNITY_A, "11-02")
    volunteer = f"{EVENTS}/volunteers/{person}"
    await stack.settle()
    for path, version, body in (
        (volunteer, None, {}),
        (f"{volunteer}/hours", 1,
         {"activity_id": meeting, "served_on": f"{YEAR}-11-02", "hours": 3}),
        (f"{volunteer}/redemptions", 2, {"points": 2, "redeemed_for": "大米"}),
    ):  # fmt: skip
        sent = writer if version is None else {**writer, "If-Match": f'"{version}"'}
        answer = await stack.events.post(path, json=body, headers=sent)
        assert answer.status_code in {200, 201}, answer.text
    team = await stack.events.post(
        f"{EVENTS}/teams", headers=writer,
        json={"office": COMMUNITY_A, "name": "太极拳队", "kind": "tai_chi",
              "formed_on": f"{YEAR}-03-01"},
    )  # fmt: skip
    joined = await stack.events.post(
        f"{EVENTS}/teams/{team.json()['id']}/members",
        json={"person_id": person, "on": f"{YEAR}-03-02"},
        headers={**writer, "If-Match": '"1"'},
    )
    assert joined.status_code == 200, joined.text
    await stack.settle()

    then = {
        p: (await stack.get(f"{LEDGERS}/{p}", as_of=before.isoformat())).json()
        for p in ("activities", "volunteers", "points", "teams")
    }
    now = {p: (await stack.get(f"{LEDGERS}/{p}")).json() for p in then}

    assert {p: then[p]["total"] for p in then} == dict.fromkeys(then, 0)
    [shown] = now["volunteers"]["items"]
    assert (shown["name"], shown["hours"], shown["earned"]) == ("王芳", 3, 3)
    assert (shown["redeemed"], shown["balance"]) == (2, 1)
    assert [
        (p["points"], p["balance"], p["activity"]) for p in now["points"]["items"]
    ] == [(3, 3, "禁毒工作会议"), (-2, 1, None)]
    [kept] = now["teams"]["items"]
    assert (kept["name"], kept["members"], kept["member_names"]) == (
        "太极拳队",
        1,
        ["王芳"],
    )
    auditor = bearer(staff(Role.AUDITOR, office=STREET_A), CLOCK.now)
    masked = await stack.reporting.http.get(f"{LEDGERS}/volunteers", headers=auditor)
    assert masked.json()["items"][0]["name"] != "王芳"
    figures = (await stack.get(f"{LEDGERS}/figures")).json()["offices"]
    street = next(o for o in figures if o["office"] == STREET_A)
    assert (street["anti_drug_meetings"], street["volunteer_hours"]) == (1, 3)


async def test_the_ledgers_export_as_one_workbook(stack: Stack) -> None:
    await _harmony(stack)

    answer = await stack.get(f"{LEDGERS}/export", within=STREET_A)

    book = load_workbook(BytesIO(answer.content))
    assert len(book.sheetnames) == 6
    activities = book.worksheets[0]
    assert "Ledger of activities" in str(activities["A1"].value)
    cells = [c.value for row in activities.iter_rows() for c in row]
    assert "联谊晚会" in cells
    assert "evening party" in cells


async def test_the_monthly_report_counts_the_months_activities(stack: Stack) -> None:
    entered = await _harmony(stack)
    await stack.plan(STREET_A, "activities_held", 6)
    path = f"{REP}/monthly/{STREET_A}/{YEAR}/11"

    report = (await stack.get(path)).json()
    book = load_workbook(BytesIO((await stack.get(path, format="xlsx")).content))
    pdf = await stack.get(path, format="pdf")
    word = await stack.get(path, format="docx")

    assert (report["activities"], report["participants"]) == (6, 60)
    assert [(k["kind"], k["activities"]) for k in report["by_kind"]] == [
        ("evening_party", 1), ("home_visit", 2), ("other", 1), ("publicity", 1),
        ("sports_meeting", 1),
    ]  # fmt: skip
    # Due by the end of November: the seeds' rhythms times the street's 2 communities.
    assert {d["duty"]: d["due_in_year"] for d in report["duties"]} == {
        "anti_drug_meeting": 6, "hygiene_check": 44, "party_class": 44,
    }  # fmt: skip
    [target] = report["targets"]
    assert (target["metric"], target["actual"], target["met"]) == (
        "activities_held",
        6,
        True,
    )
    assert entered.party in {a["activity_id"] for a in report["held"]}
    assert len(book.sheetnames) == 4
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["repr-digest"].startswith("sha-256=:")
    pages = PdfReader(BytesIO(pdf.content)).pages
    text = "".join("".join(page.extract_text().split()) for page in pages)
    assert "社区活动月报" in text
    assert "联谊晚会" in text
    assert "共开展活动6场" in text
    assert word.headers["content-type"] == MEDIA_TYPES["docx"]
    assert word.headers["repr-digest"].startswith("sha-256=:")
    assert f"社区活动月报_{STREET_A}-{YEAR}11.docx" in unquote(
        word.headers["content-disposition"]
    )
    words = _docx_text(word.content)
    office = "".join((report["office_name"] or STREET_A).split())
    assert words.startswith("社区活动月报")
    assert f"填报单位：{office}" in words
    assert f"报告期：{YEAR}年11月" in words
    assert f"{office}{YEAR}年11月共开展活动6场" in words
    assert "联谊晚会" in words


def _docx_text(content: bytes) -> str:
    """The Word file's words, paragraphs then table cells, without spacing."""
    word = docx.Document(BytesIO(content))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    return "".join("".join([p.text for p in word.paragraphs] + cells).split())


async def test_an_erased_volunteer_reads_as_erased_in_every_version(
    stack: Stack,
) -> None:
    person = await stack.reporting.registry.person(
        COMMUNITY_A, date(1981, 3, 3), name="李梅"
    )
    await stack.settle()
    registered = await stack.events.post(
        f"{EVENTS}/volunteers/{person}", json={}, headers=_organiser()
    )
    assert registered.status_code == 201, registered.text
    await stack.settle()
    before = datetime.now(UTC)
    erased = PersonErased(
        office=COMMUNITY_A, ground="registered_in_error", reason="登记错误"
    )
    await stack.reporting.registry.append(person, [erased])
    await stack.settle()

    now = (await stack.get(f"{LEDGERS}/volunteers")).json()
    then = (await stack.get(f"{LEDGERS}/volunteers", as_of=before.isoformat())).json()

    assert [r["name"] for r in now["items"]] == [ERASED_NAME]
    assert [r["name"] for r in then["items"]] == [ERASED_NAME]
