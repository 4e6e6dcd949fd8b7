"""Hash-chain verification of the services' real stores, over HTTP and at the CLI."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import pytest

from shequ.access import Role
from shequ.reporting.cli.audit import main
from shequ.reporting.settings import reporting_settings
from shequ.testing.feeds import COMMUNITY_A, STREET_A

VERIFICATION = "/api/v1/reporting/audit/verification"
UNREACHABLE = "postgresql://postgres@127.0.0.1:1/postgres"


async def _dsn(pg_server_dsn: str, feed) -> str:
    """The DSN of a feed's store: the test server, pinned to the store's schema."""
    schema = await feed.store.pool.fetchval("SELECT current_schema()")
    return f"{pg_server_dsn}{'&' if '?' in pg_server_dsn else '?'}search_path={schema}"


@pytest.fixture
async def stores(reporting, pg_server_dsn, monkeypatch):
    """Reporting configured with the registry and employment feeds' stores."""
    found = {
        "registry": await _dsn(pg_server_dsn, reporting.registry),
        "employment": await _dsn(pg_server_dsn, reporting.employment),
    }

    def configure(extra: dict[str, str]) -> None:
        monkeypatch.setenv("SHEQU_REPORTING_STORES", json.dumps({**found, **extra}))
        reporting_settings.cache_clear()

    configure({})
    yield configure
    reporting_settings.cache_clear()


async def _some_events(reporting) -> str:
    person = await reporting.registry.person(COMMUNITY_A, date(1985, 6, 1))
    for status in ("unemployed", "employed"):
        await reporting.labour(person, COMMUNITY_A, status)
    return person


async def _counts(feed) -> tuple[int, int]:
    row = await feed.store.pool.fetchrow(
        "SELECT count(*), count(DISTINCT stream_id) FROM events"
    )
    return row[0], row[1]


def _intact(service: str, counts: tuple[int, int]) -> dict:
    return {
        "service": service,
        "status": "intact",
        "events_verified": counts[0],
        "streams_verified": counts[1],
        "first_broken": None,
        "error": None,
    }


async def _forge(feed, position: int) -> None:
    """Alter a stored event as a superuser would, behind the store's back."""
    async with feed.store.pool.acquire() as conn, conn.transaction():
        await conn.execute("ALTER TABLE events DISABLE TRIGGER USER")
        await conn.execute(
            """UPDATE events SET data = '{"status": "employed"}'
               WHERE position = $1""",
            position,
        )
        await conn.execute("ALTER TABLE events ENABLE TRIGGER USER")


async def test_intact_stores_verify_then_a_forged_event_is_the_first_broken_link(
    reporting, token, stores, capsys
) -> None:
    person = await _some_events(reporting)
    registry, employment = (
        await _counts(reporting.registry),
        await _counts(reporting.employment),
    )

    before = await reporting.http.get(VERIFICATION, headers=token(Role.AUDITOR))
    [first, _] = await reporting.employment.store.read_stream(f"labour/{person}")
    await _forge(reporting.employment, first.position)
    after = await reporting.http.get(VERIFICATION, headers=token(Role.AUDITOR))
    code = await asyncio.to_thread(main, ["audit", "verify"])
    printed = capsys.readouterr().out.splitlines()
    english_code = await asyncio.to_thread(main, ["audit", "verify", "--lang", "en"])
    in_english = capsys.readouterr().out.splitlines()

    assert before.status_code == 200, before.text
    assert (before.json()["intact"], before.json()["stores"]) == (
        True,
        [_intact("employment", employment), _intact("registry", registry)],
    )
    assert after.json()["intact"] is False
    assert after.json()["stores"] == [
        {
            **_intact("employment", employment),
            "status": "broken",
            "first_broken": {
                "stream_id": f"labour/{person}",
                "version": 1,
                "event_id": str(first.event_id),
                "position": first.position,
                "reason": "hash does not match the recorded content",
            },
        },
        _intact("registry", registry),
    ]
    assert (code, english_code) == (1, 1)
    assert printed[0].split() == ["存储", "结果", "事件数", "流数", "首个断链", "原因"]
    assert [line.split()[:2] for line in in_english[2:4]] == [
        ["employment", "broken"],
        ["registry", "intact"],
    ]
    assert in_english[0].split()[:2] == ["Store", "Result"]
    assert printed[2].split() == [
        "employment",
        "已损坏",
        str(employment[0]),
        str(employment[1]),
        f"labour/{person}",
        "v1",
        str(first.event_id),
        "hash",
        "does",
        "not",
        "match",
        "the",
        "recorded",
        "content",
    ]
    assert printed[3].split() == [
        "registry",
        "完好",
        str(registry[0]),
        str(registry[1]),
        "-",
        "-",
    ]


async def test_a_store_that_cannot_be_reached_is_reported_not_a_crash(
    reporting, token, stores, pg_dsns, capsys
) -> None:
    stores({"mediation": UNREACHABLE, "events": await pg_dsns()})

    answer = await reporting.http.get(VERIFICATION, headers=token())
    code = await asyncio.to_thread(main, ["audit", "verify"])
    printed = capsys.readouterr().out.splitlines()

    assert answer.status_code == 200, answer.text
    checks = {s["service"]: s for s in answer.json()["stores"]}
    assert [checks[s]["status"] for s in sorted(checks)] == [
        "intact",
        "unreachable",
        "unreachable",
        "intact",
    ]
    assert checks["events"]["error"].startswith("UndefinedTableError")
    assert checks["mediation"]["error"].startswith("ConnectionRefusedError")
    assert checks["mediation"]["first_broken"] is None
    assert code == 2
    assert [line.split()[:4] for line in printed[3:5]] == [
        ["events", "无法连接", "0", "0"],
        ["mediation", "无法连接", "0", "0"],
    ]


async def test_verification_is_for_a_districts_auditor_or_admin(
    reporting, token, stores
) -> None:
    refused = [
        token(Role.STREET_ADMIN, STREET_A),
        token(Role.AUDITOR, STREET_A),
        token(Role.COMMUNITY_WORKER),
    ]

    answers = [await reporting.http.get(VERIFICATION, headers=h) for h in refused]

    assert [a.status_code for a in answers] == [403, 403, 403]


async def test_with_no_stores_configured_nothing_is_called_intact(
    reporting, token, monkeypatch
) -> None:
    monkeypatch.delenv("SHEQU_REPORTING_STORES", raising=False)
    reporting_settings.cache_clear()
    try:
        answer = await reporting.http.get(VERIFICATION, headers=token(Role.AUDITOR))
    finally:
        reporting_settings.cache_clear()

    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert "SHEQU_REPORTING_STORES" in answer.json()["detail"]
