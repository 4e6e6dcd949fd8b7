"""Personal data in the registry's stores (#22): no number or phone in clear, search by
keyed digest, and an erased person shown as erased with their ID number free again."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from shequ.access import Actor, Role, TokenIssuer, generate_signing_key
from shequ.contracts.personal import ERASED_NAME, ERASED_TEXT
from shequ.contracts.registry import PersonErased
from shequ.registry.app import definition
from shequ.service import Runtime, ServiceSettings, create_service_app

# The office tree and clock of conftest; the role services act as (no UPDATE on events).
DISTRICT, STREET_A, COMMUNITY_A = "441900000000", "441900101000", "441900101001"
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
ROLE = "shequ_registry"
_PRIVATE, _PUBLIC = generate_signing_key()


def _token(role: Role, office: str = DISTRICT) -> dict[str, str]:
    actor = Actor(staff_id="staff-1", office=office, roles=frozenset({role}))
    return {"Authorization": f"Bearer {TokenIssuer(_PRIVATE).issue(actor, NOW)}"}


PERSONS = "/api/v1/registry/persons"
PHONE = "13912345678"
NAME = "欧阳明月"


@dataclass(frozen=True)
class Running:
    http: httpx.AsyncClient
    runtime: Runtime


@pytest.fixture
async def running(
    pg_dsn: str, nats_server_url: str, nats_client: NatsClient
) -> AsyncIterator[Running]:
    """The registry (a district, a street, a community) and its runtime."""
    js = nats_client.jetstream()
    with contextlib.suppress(NotFoundError):
        await js.delete_stream("SHEQU_REGISTRY")
    settings = ServiceSettings(
        database_url=pg_dsn,
        database_role=ROLE,
        nats_url=nats_server_url,
        token_public_key=_PUBLIC,
    )
    app: FastAPI = create_service_app(definition(), settings, clock=lambda: NOW)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://registry",
            headers={"Accept-Language": "en"},
        ) as http,
    ):
        admin = _token(Role.DISTRICT_ADMIN)
        for code, kind in [
            (DISTRICT, "district"),
            (STREET_A, "street"),
            (COMMUNITY_A, "community"),
        ]:
            created = await http.post(
                "/api/v1/registry/offices",
                json={"code": code, "name": f"office {code}", "kind": kind},
                headers=admin,
            )
            assert created.status_code == 201, created.text
        yield Running(http, app.state.runtime)
    with contextlib.suppress(NotFoundError):
        await js.delete_stream("SHEQU_REGISTRY")


async def _register(
    http: httpx.AsyncClient, headers: dict[str, str], number: str, **extra: str
) -> httpx.Response:
    body = {
        "name": NAME,
        "office": COMMUNITY_A,
        "address": "东城路 8 号",
        "document_number": number,
        "phone": PHONE,
        **extra,
    }
    return await http.post(PERSONS, json=body, headers=headers)


async def _found(
    http: httpx.AsyncClient,
    headers: dict[str, str],
    q: str | None = None,
    total: int = 1,
) -> list[dict[str, Any]]:
    """The search's rows once it counts ``total`` (the directory lags a write)."""
    params = {} if q is None else {"q": q}
    async with asyncio.timeout(10):
        while True:
            page = (await http.get(PERSONS, params=params, headers=headers)).json()
            if page["total"] == total:
                rows: list[dict[str, Any]] = page["items"]
                return rows
            await asyncio.sleep(0.05)


async def _as_text(conn: asyncpg.Connection, table: str) -> str:
    rows = await conn.fetch(f'SELECT t::text FROM "{table}" t')
    return "\n".join(row[0] for row in rows)


async def test_the_stores_and_nats_hold_no_number_or_phone_in_clear(
    running: Running, pg_dsn: str, resident_id
) -> None:
    worker = _token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    number = resident_id("19800101")
    created = await _register(running.http, worker, number)
    assert created.status_code == 201, created.text
    await _found(running.http, worker, NAME)

    # As a superuser, reading every row of every table of the registry as text.
    conn = await asyncpg.connect(pg_dsn)
    try:
        tables = [
            row[0]
            for row in await conn.fetch(
                """SELECT table_name FROM information_schema.tables
                   WHERE table_schema = current_schema()
                     AND table_type = 'BASE TABLE'"""
            )
        ]
        events = await _as_text(conn, "events")
        others = {t: await _as_text(conn, t) for t in tables if t != "events"}
    finally:
        await conn.close()

    # What NATS carries (and JetStream keeps on disk) is the stored ciphertext.
    published = await running.runtime.nats.jetstream().get_last_msg(
        "SHEQU_REGISTRY", "shequ.registry.person.PersonRegistered"
    )
    message = json.dumps(json.loads(published.data or b"{}"), ensure_ascii=False)

    assert "persons" in others
    assert "person_documents" in others
    assert "PersonRegistered" in events
    assert [v for v in (number, PHONE, NAME) if v in events] == []
    assert {t: v for t in others for v in (number, PHONE) if v in others[t]} == {}
    assert created.json()["person_id"] in message
    assert [v for v in (number, PHONE, NAME) if v in message] == []


async def test_search_finds_the_person_by_id_number_and_by_phone(
    running: Running, resident_id
) -> None:
    worker = _token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    auditor = _token(Role.AUDITOR, DISTRICT)
    number = resident_id("19800101")
    person_id = (await _register(running.http, worker, number)).json()["person_id"]

    by_number = await _found(running.http, worker, number.lower())
    by_phone = await _found(running.http, worker, "+86 139-1234 5678")
    masked = await _found(running.http, auditor, PHONE)

    assert [(p["person_id"], p["document_number"], p["phone"]) for p in by_number] == [
        (person_id, number, PHONE)
    ]
    assert by_phone == by_number
    assert [(p["document_number"], p["phone"]) for p in masked] == [
        (f"{number[:4]}{'*' * 10}{number[-4:]}", "139****5678")
    ]


async def test_an_erased_person_shows_as_erased_and_their_number_opens_a_new_file(
    running: Running, resident_id
) -> None:
    http, rt = running.http, running.runtime
    worker = _token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    number = resident_id("19800101")
    head = (await _register(http, worker, resident_id(), name="欧阳山")).json()
    erased_id = (await _register(http, worker, number)).json()["person_id"]
    household = await http.post(
        "/api/v1/registry/households",
        json={
            "head_person_id": head["person_id"],
            "office": COMMUNITY_A,
            "address": "东城路 8 号",
            "members": [{"person_id": erased_id, "relationship": "child"}],
        },
        headers=worker,
    )
    assert household.status_code == 201, household.text

    await rt.store.append(
        "person",
        erased_id,
        [PersonErased(office=COMMUNITY_A, ground="registered_in_error", reason="重复")],
        expected_version=1,
        occurred_at=NOW,
    )
    await rt.keyring.erase([erased_id])
    # Until the erasure itself is applied, a registration applied late already reads
    # as erased (its key is gone) while its number is still claimed: wait for it.
    async with asyncio.timeout(10):
        while [p["status"] for p in await _found(http, worker, ERASED_NAME)] != [
            "erased"
        ]:
            await asyncio.sleep(0.05)
    listed = await _found(http, worker, ERASED_NAME)
    again = await _register(http, worker, number, name="欧阳明")
    file = (await http.get(f"{PERSONS}/{erased_id}", headers=worker)).json()
    households = (await http.get("/api/v1/registry/households", headers=worker)).json()
    by_number = await _found(http, worker, number)

    erased = {
        "name": ERASED_NAME,
        "document_kind": None,
        "document_number": None,
        "birth_date": None,
        "phone": None,
        "address": ERASED_TEXT,
        "status": "erased",
    }
    assert [{k: p[k] for k in erased} | {"id": p["person_id"]} for p in listed] == [
        erased | {"id": erased_id}
    ]
    assert {k: file[k] for k in erased} == erased
    assert again.status_code == 201, again.text
    assert [p["person_id"] for p in by_number] == [again.json()["person_id"]]
    assert again.json()["person_id"] != erased_id
    assert [(m["person_id"], m["name"]) for m in households["items"][0]["members"]] == [
        (head["person_id"], "欧阳山"),
        (erased_id, ERASED_NAME),
    ]
