"""Retention rules (保存期限): the district rule, the due ledger, the hourly erasure."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from nats.aio.client import Client as NatsClient

from shequ.access import Role
from shequ.contracts import DomainError
from shequ.contracts.employment import CATALOG as EMPLOYMENT
from shequ.contracts.employment import UnemploymentRegistered
from shequ.contracts.registry import RetentionRuleSet
from shequ.registry.domain.retention import (
    NotADistrictRule,
    RetentionOutOfRange,
    RetentionRule,
    SetRetentionRule,
    decide,
)
from shequ.registry.domain.rules import Acting
from shequ.registry.handlers.retention import Applied, apply_retention
from shequ.testing.feeds import Feed, open_feed

from .conftest import (
    COMMUNITY_A,
    COMMUNITY_B,
    DISTRICT,
    NOW,
    STREET_A,
    Listing,
    Resident,
    Start,
    Token,
    runtime_of,
)

T0 = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
API = "/api/v1/registry"
RULE = f"{API}/retention-rules/closed_person_file"
DUE = f"{API}/retention/due"


def setting(years: int = 30, office: str = DISTRICT) -> SetRetentionRule:
    return SetRetentionRule(
        record_kind="closed_person_file",
        erase_after_years=years,
        office=office,
        by=Acting("staff-1", office, T0),
    )


class TestSetRetentionRule:
    def test_a_district_sets_the_rule(self) -> None:
        assert decide(setting(), None) == [
            RetentionRuleSet(
                record_kind="closed_person_file", erase_after_years=30, office=DISTRICT
            )
        ]

    def test_the_rule_already_in_force_records_nothing(self) -> None:
        rule = RetentionRule(
            record_kind="closed_person_file", erase_after_years=30, office=DISTRICT
        )

        assert decide(setting(), rule) == []

    @pytest.mark.parametrize("years", [0, 101])
    def test_a_period_outside_one_to_a_hundred_years_is_refused(
        self, years: int
    ) -> None:
        with pytest.raises(RetentionOutOfRange) as error:
            decide(setting(years), None)

        assert (error.value.message, error.value.field) == (
            f"a file is kept 1 to 100 years, not {years}",
            "erase_after_years",
        )

    def test_a_street_cannot_set_the_rule(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(setting(office=STREET_A), None)

        assert (type(error.value), error.value.field) == (NotADistrictRule, "office")


# -- over HTTP -------------------------------------------------------------------


@pytest.fixture
async def employment(
    pg_dsns: Callable[[], Awaitable[str]], nats_client: NatsClient
) -> AsyncIterator[Feed]:
    async with open_feed(EMPLOYMENT, await pg_dsns(), nats_client, NOW) as feed:
        yield feed


@pytest.fixture
async def held_registry(
    employment: Feed, start: Start
) -> AsyncIterator[httpx.AsyncClient]:
    async with start(None) as http:
        yield http


async def file_of(
    http: httpx.AsyncClient, token: Token, number: str, died: str | None = None
) -> str:
    """A person registered in community A (who died on ``died``); their file's id."""
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    created = await http.post(
        f"{API}/persons",
        json={"name": "陈小明", "office": COMMUNITY_A, "address": "中山路1号"}
        | {"document_number": number},
        headers=worker,
    )
    assert created.status_code == 201, created.text
    person_id: str = created.json()["person_id"]
    if died is not None:
        answer = await http.post(
            f"{API}/persons/{person_id}/death",
            json={"date_of_death": died},
            headers={**worker, "If-Match": '"1"'},
        )
        assert answer.status_code == 200, answer.text
    return person_id


async def test_the_district_sets_the_rule_and_reads_it_back(
    held_registry: httpx.AsyncClient, token: Token
) -> None:
    admin = token(Role.DISTRICT_ADMIN)

    unset = await held_registry.get(RULE, headers=admin)
    put = await held_registry.put(RULE, json={"erase_after_years": 10}, headers=admin)
    read = await held_registry.get(RULE, headers=token(Role.AUDITOR, STREET_A))
    street = await held_registry.put(
        RULE, json={"erase_after_years": 5}, headers=token(Role.STREET_ADMIN, STREET_A)
    )
    zero = await held_registry.put(RULE, json={"erase_after_years": 0}, headers=admin)

    rule = {
        "record_kind": "closed_person_file",
        "erase_after_years": 10,
        "office": DISTRICT,
        "version": 1,
    }
    assert unset.status_code == 404
    assert (put.status_code, put.json(), put.headers["ETag"]) == (200, rule, '"1"')
    assert (read.status_code, read.json()) == (200, rule)
    assert street.status_code == 403
    assert (zero.status_code, zero.json()["errors"][0]["field"]) == (
        422,
        "erase_after_years",
    )


async def set_rule(http: httpx.AsyncClient, token: Token, years: int) -> None:
    answer = await http.put(
        RULE, json={"erase_after_years": years}, headers=token(Role.DISTRICT_ADMIN)
    )
    assert answer.status_code == 200, answer.text


async def test_the_due_ledger_lists_a_closed_file_past_the_rule(
    held_registry: httpx.AsyncClient,
    token: Token,
    resident_id: Resident,
    listing: Listing,
) -> None:
    await set_rule(held_registry, token, 10)
    due = await file_of(held_registry, token, resident_id("19400101"), "2015-01-02")
    await file_of(held_registry, token, resident_id("19400102"), "2020-06-01")
    await file_of(held_registry, token, resident_id("19400103"))

    found = await listing(held_registry, DUE, token(Role.DISTRICT_ADMIN), 1)
    elsewhere = await held_registry.get(
        DUE, params={"within": COMMUNITY_B}, headers=token(Role.DISTRICT_ADMIN)
    )
    worker = await held_registry.get(
        DUE, headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    )

    assert found == {
        "items": [
            {
                "person_id": due,
                "office": COMMUNITY_A,
                "closure": "died",
                "closed_on": "2015-01-02",
                "due_on": "2025-01-02",
                "held_by": [],
            }
        ],
        "total": 1,
        "page": 1,
        "size": 50,
    }
    assert elsewhere.json()["total"] == 0
    assert worker.status_code == 403


async def events_of(http: httpx.AsyncClient) -> int:
    count: int = await runtime_of(http).pool.fetchval("SELECT count(*) FROM events")
    return count


async def test_the_hourly_run_erases_a_due_file_once(
    held_registry: httpx.AsyncClient,
    token: Token,
    resident_id: Resident,
    listing: Listing,
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    await set_rule(held_registry, token, 10)
    due = await file_of(held_registry, token, resident_id("19400101"), "2015-01-02")
    await listing(held_registry, DUE, admin, 1)
    store = runtime_of(held_registry).store

    first = await apply_retention(store, NOW)
    written = await events_of(held_registry)
    second = await apply_retention(store, NOW)
    emptied = await listing(held_registry, DUE, admin, 0)
    third = await apply_retention(store, NOW)
    read = await held_registry.get(f"{API}/persons/{due}", headers=admin)

    assert first == Applied(erased=[due], kept={})
    assert second.erased == []  # the ledger may still list it: the decider refuses
    assert third == Applied(erased=[], kept={})
    assert await events_of(held_registry) == written
    assert emptied["items"] == []
    assert (read.json()["name"], read.json()["status"]) == ("姓名已删除", "erased")
    assert await runtime_of(held_registry).keyring.erased([due]) == {due}


async def test_a_held_file_is_skipped_and_stays_listed_with_its_hold(
    held_registry: httpx.AsyncClient,
    employment: Feed,
    token: Token,
    resident_id: Resident,
    listing: Listing,
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    await set_rule(held_registry, token, 10)
    held = await file_of(held_registry, token, resident_id("19400101"), "2015-01-02")
    await employment.append(
        f"unemployment/{held}",
        [
            UnemploymentRegistered(
                person_id=held,
                office=COMMUNITY_A,
                registration_id="reg-1",
                registered_on=NOW.date(),
            )
        ],
    )
    await employment.publish()
    pool = runtime_of(held_registry).pool
    async with asyncio.timeout(10):
        while not await pool.fetchval("SELECT count(*) FROM legal_holds"):
            await asyncio.sleep(0.05)
    await listing(held_registry, DUE, admin, 1)

    applied = await apply_retention(runtime_of(held_registry).store, NOW)
    found: dict[str, Any] = await listing(held_registry, DUE, admin, 1)

    assert applied == Applied(erased=[], kept={held: "unemployment_registration"})
    assert found["items"][0]["held_by"] == [
        {
            "service": "employment",
            "kind": "unemployment_registration",
            "case_id": "reg-1",
        }
    ]
