"""Erasure of a person's personal data (个人信息删除): the rules, and over HTTP.

The decider's rules are given / when / then on pure functions; the HTTP tests run a
registry with a real employment feed, whose open cases are legal holds (法定保存).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from nats.aio.client import Client as NatsClient

from shequ.access import Role
from shequ.contracts import DomainError
from shequ.contracts.employment import CATALOG as EMPLOYMENT
from shequ.contracts.employment import (
    UnemploymentRegistered,
    UnemploymentRegistrationEnded,
)
from shequ.contracts.personal import ERASED_NAME, ERASED_TEXT
from shequ.contracts.registry import (
    PersonDied,
    PersonErased,
    PersonMergedInto,
    PersonRegistered,
)
from shequ.eventstore import verify
from shequ.registry.domain.person import (
    DECIDER,
    ChangeTags,
    ErasePersonalData,
    FileInUse,
    LegalHold,
    PersonFileErased,
    UnderLegalHold,
    decide,
)
from shequ.registry.domain.rules import Acting, BlankField
from shequ.registry.handlers.erasure import heal_erasures
from shequ.service import execute_as
from shequ.testing.feeds import Feed, open_feed

from .conftest import COMMUNITY_A, NOW, Resident, Start, Token, runtime_of

T0 = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
BY = Acting("staff-1", "441900000000", T0)
PERSONS = "/api/v1/registry/persons"
HOLD = LegalHold(service="employment", kind="unemployment_registration", case_id="r-1")


def registered() -> PersonRegistered:
    return PersonRegistered(
        person_id="person-1",
        office=COMMUNITY_A,
        name="陈小明",
        document_kind=None,
        document_number=None,
        document_masked=None,
        birth_date=date(1950, 3, 7),
        sex="male",
        phone=None,
        address="石龙社区中山路1号",
        residence="registered",
        tags=[],
    )


DIED = PersonDied(office=COMMUNITY_A, date_of_death=date(2015, 1, 2))


def erasure(**changes: Any) -> ErasePersonalData:
    fields: dict[str, Any] = {
        "ground": "retention_ended",
        "reason": "保存期限届满",
        "holds": (),
        "by": BY,
    }
    return ErasePersonalData(**{**fields, **changes})


def refusal(error: pytest.ExceptionInfo[DomainError]) -> tuple[type, str, str | None]:
    return type(error.value), error.value.message, error.value.field


class TestErasePersonalData:
    def test_a_closed_file_is_erased_with_its_ground_and_reason(self) -> None:
        state = DECIDER.fold([registered(), DIED])

        assert decide(erasure(), state) == [
            PersonErased(
                office=COMMUNITY_A, ground="retention_ended", reason="保存期限届满"
            )
        ]

    def test_a_merged_file_is_closed_too(self) -> None:
        merged = PersonMergedInto(office=COMMUNITY_A, surviving_person_id="person-2")
        state = DECIDER.fold([registered(), merged])

        assert decide(erasure(ground="purpose_fulfilled"), state) == [
            PersonErased(
                office=COMMUNITY_A, ground="purpose_fulfilled", reason="保存期限届满"
            )
        ]

    def test_a_living_person_is_erased_only_when_registered_in_error(self) -> None:
        state = DECIDER.fold([registered()])

        with pytest.raises(DomainError) as error:
            decide(erasure(), state)

        assert refusal(error) == (
            FileInUse,
            "the file of a living person is in use: it may be erased only when"
            " registered in error, not on the ground retention period ended",
            "ground",
        )
        assert decide(erasure(ground="registered_in_error"), state) == [
            PersonErased(
                office=COMMUNITY_A, ground="registered_in_error", reason="保存期限届满"
            )
        ]

    def test_a_blank_reason_is_refused(self) -> None:
        with pytest.raises(BlankField) as error:
            decide(erasure(reason="  "), DECIDER.fold([registered(), DIED]))

        assert error.value.field == "reason"

    def test_an_open_legal_hold_refuses_the_erasure_naming_it(self) -> None:
        state = DECIDER.fold([registered(), DIED])

        with pytest.raises(DomainError) as error:
            decide(erasure(holds=(HOLD,)), state)

        assert refusal(error) == (
            UnderLegalHold,
            "the person has an open unemployment registration (employment services)"
            " the law requires to keep",
            "person_id",
        )

    def test_an_erased_file_takes_no_command_at_all(self) -> None:
        erased = PersonErased(office=COMMUNITY_A, ground="retention_ended", reason="x")
        state = DECIDER.fold([registered(), DIED, erased])
        message = (
            "the personal data of file person-1 was erased: nothing more is recorded"
            " on it"
        )

        for command in (
            erasure(),
            ChangeTags(add=frozenset(), remove=frozenset(), by=BY),
        ):
            with pytest.raises(DomainError) as error:
                decide(command, state)
            assert refusal(error) == (PersonFileErased, message, "person_id")


# -- over HTTP, with employment's events as the holds ---------------------------


@pytest.fixture
async def employment(
    pg_dsns: Callable[[], Awaitable[str]], nats_client: NatsClient
) -> AsyncIterator[Feed]:
    """Employment's store and stream: its open cases are the registry's holds."""
    async with open_feed(EMPLOYMENT, await pg_dsns(), nats_client, NOW) as feed:
        yield feed


@pytest.fixture
async def held_registry(
    employment: Feed, start: Start
) -> AsyncIterator[httpx.AsyncClient]:
    async with start(None) as http:
        yield http


async def closed_file(http: httpx.AsyncClient, token: Token, number: str) -> str:
    """A person registered in community A who died in 2015; their file's id."""
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    body = {"name": "陈小明", "office": COMMUNITY_A, "address": "中山路1号"}
    created = await http.post(
        PERSONS,
        json={**body, "document_number": number, "phone": "13800138000"},
        headers=worker,
    )
    assert created.status_code == 201, created.text
    person_id: str = created.json()["person_id"]
    died = await http.post(
        f"{PERSONS}/{person_id}/death",
        json={"date_of_death": "2015-01-02"},
        headers={**worker, "If-Match": '"1"'},
    )
    assert died.status_code == 200, died.text
    return person_id


async def erase(
    http: httpx.AsyncClient,
    headers: dict[str, str],
    person_id: str,
    version: int = 2,
    **body: str,
) -> httpx.Response:
    return await http.post(
        f"{PERSONS}/{person_id}/erasure",
        json={"ground": "retention_ended", "reason": "保存期限届满", **body},
        headers={**headers, "If-Match": f'"{version}"'},
    )


def problem(answer: httpx.Response) -> tuple[int, str, list[dict[str, str]]]:
    body = answer.json()
    return answer.status_code, body["type"].rsplit("/", 1)[1], body.get("errors", [])


async def test_an_erased_file_reads_as_erased_and_every_chain_still_verifies(
    held_registry: httpx.AsyncClient, token: Token, resident_id: Resident
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    person_id = await closed_file(held_registry, token, resident_id("19500307"))

    erased = await erase(held_registry, admin, person_id)
    read = await held_registry.get(f"{PERSONS}/{person_id}", headers=admin)

    assert erased.status_code == 200, erased.text
    assert erased.headers["ETag"] == '"3"'
    assert read.json() == {**erased.json(), "elderly": False}
    assert {k: read.json()[k] for k in ("name", "document_number", "birth_date")} == {
        "name": ERASED_NAME,
        "document_number": None,
        "birth_date": None,
    }
    assert (read.json()["address"], read.json()["phone"], read.json()["status"]) == (
        ERASED_TEXT,
        None,
        "erased",
    )
    runtime = runtime_of(held_registry)
    events, _ = await runtime.store.replay(person_id)
    registration = events[0]
    assert isinstance(registration, PersonRegistered)
    assert (registration.name, registration.document_number) == (ERASED_NAME, None)
    assert await runtime.keyring.erased([person_id]) == {person_id}
    assert (await verify(runtime.store.pool)).intact


async def test_nothing_is_recorded_on_an_erased_file_afterwards(
    held_registry: httpx.AsyncClient, token: Token, resident_id: Resident
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    person_id = await closed_file(held_registry, token, resident_id("19500307"))
    await erase(held_registry, admin, person_id)

    again = await erase(held_registry, admin, person_id, version=3)
    tagged = await held_registry.post(
        f"{PERSONS}/{person_id}/tags", json={"add": ["retiree"]}, headers=admin
    )

    message = (
        f"the personal data of file {person_id} was erased: nothing more is recorded"
        " on it"
    )
    expected = (409, "person-erased", [{"field": "person_id", "message": message}])
    assert (problem(again), problem(tagged)) == (expected, expected)


async def test_only_a_district_administrator_erases(
    held_registry: httpx.AsyncClient, token: Token, resident_id: Resident
) -> None:
    person_id = await closed_file(held_registry, token, resident_id("19500307"))

    answers = [
        await erase(held_registry, token(role, office), person_id)
        for role, office in (
            (Role.COMMUNITY_WORKER, COMMUNITY_A),
            (Role.STREET_ADMIN, "441900101000"),
            (Role.AUDITOR, "441900000000"),
        )
    ]

    assert [a.status_code for a in answers] == [403, 403, 403]


async def test_a_blank_reason_and_an_open_file_are_refused_naming_the_field(
    held_registry: httpx.AsyncClient, token: Token, resident_id: Resident
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    closed = await closed_file(held_registry, token, resident_id("19500307"))
    living = (
        await held_registry.post(
            PERSONS,
            json={"name": "李四", "office": COMMUNITY_A, "address": "中山路2号"}
            | {"document_number": resident_id("19800101")},
            headers=admin,
        )
    ).json()["person_id"]

    blank = await erase(held_registry, admin, closed, reason=" ")
    in_use = await erase(held_registry, admin, living, version=1)
    in_error = await erase(
        held_registry, admin, living, version=1, ground="registered_in_error"
    )

    assert (problem(blank)[0], problem(blank)[2][0]["field"]) == (422, "reason")
    assert problem(in_use)[:2] == (422, "file-in-use")
    assert problem(in_use)[2][0]["field"] == "ground"
    assert (in_error.status_code, in_error.json()["status"]) == (200, "erased")


async def wait_for_holds(http: httpx.AsyncClient, count: int) -> None:
    pool = runtime_of(http).pool
    async with asyncio.timeout(10):
        while await pool.fetchval("SELECT count(*) FROM legal_holds") != count:
            await asyncio.sleep(0.05)


async def test_an_open_unemployment_registration_keeps_the_file_until_it_ends(
    held_registry: httpx.AsyncClient,
    employment: Feed,
    token: Token,
    resident_id: Resident,
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    person_id = await closed_file(held_registry, token, resident_id("19500307"))
    stream = f"unemployment/{person_id}"
    await employment.append(
        stream,
        [
            UnemploymentRegistered(
                person_id=person_id,
                office=COMMUNITY_A,
                registration_id="reg-1",
                registered_on=date(2014, 5, 1),
            )
        ],
    )
    await employment.publish()
    await wait_for_holds(held_registry, 1)

    held = await erase(held_registry, {**admin, "Accept-Language": "zh-CN"}, person_id)
    await employment.append(
        stream,
        [
            UnemploymentRegistrationEnded(
                person_id=person_id,
                office=COMMUNITY_A,
                registration_id="reg-1",
                ended_on=date(2015, 1, 2),
                reason="去世",
            )
        ],
    )
    await employment.publish()
    await wait_for_holds(held_registry, 0)
    erased = await erase(held_registry, admin, person_id)

    assert problem(held) == (
        422,
        "legal-hold",
        [
            {
                "field": "person_id",
                "message": "该人员有未结的失业登记（就业服务），依法须保存",
            }
        ],
    )
    assert erased.status_code == 200, erased.text


async def test_a_key_left_by_an_interrupted_erasure_is_destroyed_on_heal(
    held_registry: httpx.AsyncClient, token: Token, resident_id: Resident
) -> None:
    person_id = await closed_file(held_registry, token, resident_id("19500307"))
    runtime = runtime_of(held_registry)
    # The event appended, the process gone before it destroyed the key.
    await execute_as(
        BY, runtime.store, DECIDER, person_id, erasure(), expected_version=2
    )
    async with asyncio.timeout(10):
        while not await runtime.pool.fetchval("SELECT count(*) FROM erased_persons"):
            await asyncio.sleep(0.05)

    first, second = (
        await heal_erasures(runtime.store),
        await heal_erasures(runtime.store),
    )

    assert (first, second) == (1, 0)
    assert await runtime.keyring.erased([person_id]) == {person_id}


async def test_an_erased_person_joins_no_household(
    held_registry: httpx.AsyncClient, token: Token, resident_id: Resident
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    body = {"office": COMMUNITY_A, "address": "中山路3号"}
    head, member = [
        (
            await held_registry.post(
                PERSONS,
                json={**body, "name": name, "document_number": resident_id(born)},
                headers=admin,
            )
        ).json()["person_id"]
        for name, born in (("王五", "19700101"), ("赵六", "19900101"))
    ]
    erased = await erase(
        held_registry, admin, member, version=1, ground="registered_in_error"
    )
    household = await held_registry.post(
        "/api/v1/registry/households",
        json={**body, "head_person_id": head},
        headers=admin,
    )
    household_id = household.json()["household_id"]

    joined = await held_registry.post(
        f"/api/v1/registry/households/{household_id}/members",
        json={"person_id": member, "relationship": "child"},
        headers=admin,
    )

    assert (erased.status_code, household.status_code) == (200, 201)
    assert problem(joined)[:2] == (409, "person-erased")
