"""Projections: blue/green rebuilds, duplicates and redeliveries, read-your-writes."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from shequ.messaging import ProjectionRunner, stream_name
from shequ.messaging._projection import Delivered, apply_delivered
from shequ.reporting import app as app_module
from shequ.reporting.app import create_app
from shequ.reporting.readmodels import generations as generations_module
from shequ.reporting.settings import ReportingSettings, reporting_settings
from shequ.service import ServiceSettings
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B
from shequ.testing.tokens import PUBLIC_KEY

LEDGER_TABLES = (
    "people",
    "labour",
    "registrations",
    "certificates",
    "zero_households",
    "hires",
    "offices",
)

SERVED = {"reporting-ledgers": LEDGER_TABLES, "reporting-archive": ("event_archive",)}

SINCE = date(2026, 1, 5)  # the labour statuses recorded here hold from then


async def _history(reporting) -> list[str]:
    people = []
    for office, status in [
        (COMMUNITY_A, "unemployed"),
        (COMMUNITY_A, "employed"),
        (COMMUNITY_B, "unemployed"),
    ]:
        person = await reporting.registry.person(office, date(1986, 1, 1))
        await reporting.labour(person, office, status, since=SINCE)
        people.append(person)
    await reporting.labour(people[0], COMMUNITY_A, "employed", since=SINCE)
    await reporting.registry.move(people[2], COMMUNITY_B, COMMUNITY_A)
    await reporting.settle()
    return people


async def _dump(reporting, projection: str, tables) -> dict[str, list]:
    pool = reporting.runtime.state["generations"].pool(projection)
    return {
        t: [tuple(r) for r in await pool.fetch(f"SELECT * FROM {t} ORDER BY 1, 2, 3")]
        for t in tables
    }


async def _indexes(reporting, projection: str) -> set[str]:
    pool = reporting.runtime.state["generations"].pool(projection)
    rows = await pool.fetch(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    )
    return {r["indexname"] for r in rows}


async def _unanalyzed(reporting, projection: str) -> list[str]:
    pool = reporting.runtime.state["generations"].pool(projection)
    # reltuples is -1 until a table is first analyzed (or vacuumed).
    rows = await pool.fetch(
        """SELECT c.relname FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND c.relkind = 'r'
             AND c.reltuples < 0"""
    )
    return [r["relname"] for r in rows]


@pytest.mark.parametrize("apart", [False, True], ids=["here", "apart"])
async def test_a_rebuild_from_zero_gives_exactly_the_live_read_model(
    reporting, token, apart: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loaded in the service's process, or (a big one) in a process of its own."""
    reporting.runtime.state["generations"].apart_above = 0 if apart else None
    if apart:  # and only there

        async def not_here(*_: object) -> int:
            raise AssertionError("loaded in the service's process")

        monkeypatch.setattr(generations_module, "load_here", not_here)
    await _history(reporting)
    live = await _dump(reporting, "reporting-ledgers", LEDGER_TABLES)
    archive = await _dump(reporting, "reporting-archive", ["event_archive"])

    rebuilt = []
    for name in ("reporting-ledgers", "reporting-archive"):
        answer = await reporting.http.post(
            f"/api/v1/reporting/projections/{name}/rebuild", headers=token()
        )
        assert answer.status_code == 200
        assert "registry:" in answer.text  # progress, source by source
        assert answer.text.rstrip().splitlines()[-1].endswith("generation 2 serves")
        rebuilt.append(answer)

    assert await _dump(reporting, "reporting-ledgers", LEDGER_TABLES) == live
    assert await _dump(reporting, "reporting-archive", ["event_archive"]) == archive
    # Query indexes are built after the bulk load, not left out.
    assert {"event_archive_persons", "event_archive_actor"} <= await _indexes(
        reporting, "reporting-archive"
    )
    assert {"people_office", "labour_closed"} <= await _indexes(
        reporting, "reporting-ledgers"
    )
    # And the planner knows the new tables' sizes before the switch, and plans each
    # read for its moment (a plan made for any moment scanned every version).
    assert await _unanalyzed(reporting, "reporting-ledgers") == []
    serving = reporting.runtime.state["generations"].pool("reporting-ledgers")
    assert await serving.fetchval("SHOW plan_cache_mode") == "force_custom_plan"
    states = (
        await reporting.http.get("/api/v1/reporting/projections", headers=token())
    ).json()
    generations = {s["projection"]: s["generation"] for s in states}
    assert (generations["reporting-archive"], generations["reporting-ledgers"]) == (
        2,
        2,
    )


async def test_a_load_apart_that_fails_is_said_and_leaves_the_old_generation(
    reporting, token
) -> None:
    generations = reporting.runtime.state["generations"]
    generations.apart_above = 0
    generations.settings = generations.settings.model_copy(
        update={"database_url": "postgresql://nobody@127.0.0.1:9/nowhere"}
    )
    await _history(reporting)
    before = await _dump(reporting, "reporting-ledgers", LEDGER_TABLES)

    answer = await reporting.http.post(
        "/api/v1/reporting/projections/reporting-ledgers/rebuild",
        headers=token(),
        params={"lang": "en"},
    )

    last = answer.text.rstrip().splitlines()[-1]
    assert last.startswith("failed:"), answer.text
    assert "its own process" in last
    assert (await generations.serving())["reporting-ledgers"][0] == 1
    assert await _dump(reporting, "reporting-ledgers", LEDGER_TABLES) == before
    built = await generations.base.fetchval(
        """SELECT count(*) FROM pg_namespace
           WHERE nspname = current_schema() || '__reporting_ledgers_g2'"""
    )
    assert built == 0


def _loads_apart() -> list[int]:
    """This process's children loading a rebuild apart, by process id."""
    me = os.getpid()
    found = []
    children: list[str] = []
    for task in Path(f"/proc/{me}/task").iterdir():
        with contextlib.suppress(OSError):  # the thread ended meanwhile
            children += (task / "children").read_text().split()
    for child in children:
        with contextlib.suppress(OSError):  # the child ended meanwhile
            if b"readmodels.apart" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(int(child))
    return found


def _ended_and_reaped(pids: list[int]) -> bool:
    return not any(Path(f"/proc/{pid}").exists() for pid in pids)


@dataclass
class Second:
    """Another reporting on a database of its own, reading the fixture's streams.

    Started only while the fixture's service is idle: the two share their
    projections' durable consumers, so a message published while both ran would
    reach one of them only.
    """

    settings: ServiceSettings
    fixtures: set[int]  # the fixture's runners (ids), whose catch-ups are not its
    loads: list[str] = field(default_factory=list)  # each load apart, by projection
    at_once: int = 0  # the most loads apart under way together
    here: Counter[str] = field(default_factory=Counter)  # caught up in its process

    async def start(self) -> tuple[dict[str, Any], set[str], list[str]]:
        """Start it (it answers once caught up), read what it serves, stop it.

        What each projection serves, the archive's indexes, the ledgers' tables
        never analyzed.
        """
        app = create_app(self.settings)
        async with app.router.lifespan_context(app):
            second = SimpleNamespace(runtime=app.state.runtime)
            return (
                {
                    name: await _dump(second, name, tables)
                    for name, tables in SERVED.items()
                },
                await _indexes(second, "reporting-archive"),
                await _unanalyzed(second, "reporting-ledgers"),
            )

    def watch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Note its loads apart, and what it catches up in its own process."""
        load_apart = generations_module.Generations._load_apart
        catch_up = ProjectionRunner.catch_up
        running = [0]

        async def loading(generations: Any, name: str, *args: Any, **kw: Any) -> int:
            self.loads.append(name)
            running[0] += 1
            self.at_once = max(self.at_once, running[0])
            try:
                return await load_apart(generations, name, *args, **kw)
            finally:
                running[0] -= 1

        async def counted(runner: ProjectionRunner, *args: Any, **kw: Any) -> int:
            applied = await catch_up(runner, *args, **kw)
            if id(runner) not in self.fixtures:
                self.here[runner.projection.name] += applied
            return applied

        monkeypatch.setattr(generations_module.Generations, "_load_apart", loading)
        monkeypatch.setattr(ProjectionRunner, "catch_up", counted)


@pytest.fixture
async def second(
    reporting, pg_dsns, nats_server_url, monkeypatch: pytest.MonkeyPatch
) -> Second:
    """A second reporting, not started, loading apart whatever is behind at all."""
    monkeypatch.setattr(
        app_module,
        "reporting_settings",
        lambda: ReportingSettings(rebuild_apart_above=0),
    )
    settings = ServiceSettings(
        database_url=await pg_dsns(),
        database_role="shequ_reporting",  # as the fixture's reporting
        nats_url=nats_server_url,
        token_public_key=PUBLIC_KEY,
    )
    watched = Second(settings, {id(r) for r in reporting.runtime.runners.values()})
    watched.watch(monkeypatch)
    return watched


async def _served(reporting) -> dict[str, Any]:
    return {
        name: await _dump(reporting, name, tables) for name, tables in SERVED.items()
    }


async def test_projections_far_behind_at_start_load_apart_at_once(
    reporting, second: Second
) -> None:
    """From zero on a new database, again with nothing new, then from checkpoints."""
    await _history(reporting)

    served, indexes, unanalyzed = await second.start()
    assert served == await _served(reporting)
    assert sorted(second.loads) == ["reporting-archive", "reporting-ledgers"]
    assert second.at_once == 2
    assert second.here["reporting-ledgers"] == second.here["reporting-archive"] == 0
    assert {"event_archive_persons", "event_archive_actor"} <= indexes
    assert unanalyzed == []

    # Nothing behind: nothing loaded apart, nothing caught up.
    second.loads.clear()
    served, _, _ = await second.start()
    assert served == await _served(reporting)
    assert second.loads == []

    # Behind, from the checkpoints its serving schema reached.
    await _history(reporting)
    served, _, _ = await second.start()
    assert served == await _served(reporting)
    assert sorted(second.loads) == ["reporting-archive", "reporting-ledgers"]
    assert second.here["reporting-ledgers"] == second.here["reporting-archive"] == 0


async def test_a_load_apart_at_start_that_dies_leaves_the_catch_up_here(
    reporting, second: Second, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def dying() -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "raise SystemExit(3)",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )

    monkeypatch.setattr(generations_module.apart, "spawn", dying)
    await _history(reporting)

    served, _, _ = await second.start()

    assert served == await _served(reporting)
    assert len(second.loads) == 2
    assert second.here["reporting-ledgers"] > 0
    assert second.here["reporting-archive"] > 0


async def test_a_rebuild_cancelled_stops_its_load_apart_and_drops_it(reporting) -> None:
    generations = reporting.runtime.state["generations"]
    generations.apart_above = 0
    await _history(reporting)
    live = reporting.runtime.runners["reporting-ledgers"]

    rebuild = asyncio.create_task(generations.rebuild(live))
    for _ in range(100):
        if children := _loads_apart():
            break
        await asyncio.sleep(0.05)
    assert children, "no load apart started"
    rebuild.cancel()
    with pytest.raises(asyncio.CancelledError):
        await rebuild

    assert _loads_apart() == []
    assert _ended_and_reaped(children)
    assert (await generations.serving())["reporting-ledgers"][0] == 1
    assert not generations.busy("reporting-ledgers")
    built = await generations.base.fetchval(
        """SELECT count(*) FROM pg_namespace
           WHERE nspname = current_schema() || '__reporting_ledgers_g2'"""
    )
    assert built == 0


async def test_the_old_generation_serves_and_keeps_up_while_a_rebuild_runs(
    reporting, token, monkeypatch
) -> None:
    people = await _history(reporting)
    projections = "/api/v1/reporting/projections"
    # The rebuild waits at the gate between its bulk load and the switch.
    gate, at_gate = asyncio.Event(), asyncio.Event()
    create_indexes = ProjectionRunner.create_indexes

    async def paused(runner: ProjectionRunner) -> None:
        at_gate.set()
        await gate.wait()
        await create_indexes(runner)

    monkeypatch.setattr(ProjectionRunner, "create_indexes", paused)
    rebuild = asyncio.create_task(
        reporting.http.post(f"{projections}/reporting-ledgers/rebuild", headers=token())
    )
    await asyncio.wait_for(at_gate.wait(), 30)

    await reporting.labour(people[1], COMMUNITY_A, "unemployed", since=SINCE)
    await reporting.settle()
    during = await _dump(reporting, "reporting-ledgers", LEDGER_TABLES)
    states = (await reporting.http.get(projections, headers=token())).json()
    second = await reporting.http.post(
        f"{projections}/reporting-ledgers/rebuild", headers=token()
    )
    gate.set()
    answer = await rebuild

    [ledgers] = [s for s in states if s["projection"] == "reporting-ledgers"]
    assert ledgers["generation"] == 1
    assert ledgers["rebuild"]["generation"] == 2
    assert ledgers["rebuild"]["sources"]["registry"]["reached"] > 0
    assert [r[3] for r in during["labour"] if r[0] == people[1]][-1] == "unemployed"
    assert second.status_code == 409
    assert second.json()["errors"][0]["field"] == "name"
    assert answer.text.rstrip().endswith("generation 2 serves")
    assert await _dump(reporting, "reporting-ledgers", LEDGER_TABLES) == during


async def test_duplicate_and_redelivered_messages_change_nothing(reporting) -> None:
    await _history(reporting)
    before = await _dump(reporting, "reporting-ledgers", LEDGER_TABLES)
    archived = await _dump(reporting, "reporting-archive", ["event_archive"])
    js = reporting.runtime.nats.jetstream()
    stream = stream_name("employment")
    first = await js.get_msg(stream, 1)

    # The same message again: JetStream drops it by its Nats-Msg-Id.
    await js.publish(first.subject, first.data, headers=first.headers)
    # The same event under another message id: the stream takes it, reporting not.
    await js.publish(first.subject, first.data, headers={"Nats-Msg-Id": "again"})
    await reporting.settle()
    # A redelivery of what a projection already applied.
    runner = reporting.runtime.runners["reporting-ledgers"]
    redelivered = await apply_delivered(
        runner.pool,
        runner.projection,
        "employment",
        [Delivered(seq=1, body=first.data, headers=dict(first.headers or {}))],
    )

    assert (await js.stream_info(stream)).state.messages == 5
    assert redelivered.applied == 0
    assert await _dump(reporting, "reporting-ledgers", LEDGER_TABLES) == before
    assert await _dump(reporting, "reporting-archive", ["event_archive"]) == archived


async def test_a_query_given_a_position_waits_for_it(reporting, token) -> None:
    person = await reporting.registry.person(COMMUNITY_A, date(1986, 1, 1))
    await reporting.settle()
    written = await reporting.labour(person, COMMUNITY_A, "unemployed", since=SINCE)
    position = f"employment:{written.transaction_id}.{written.last_position}"

    async def publish_later() -> None:
        await asyncio.sleep(0.3)
        await reporting.employment.publish()

    publishing = asyncio.create_task(publish_later())
    answer = await reporting.http.get(
        "/api/v1/reporting/ledgers/unemployed",
        params={"after": position},
        headers=token(),
    )
    await publishing

    assert [r["person_id"] for r in answer.json()["items"]] == [person]


async def test_a_position_not_reached_in_time_is_said_plainly(
    reporting, token, monkeypatch
) -> None:
    monkeypatch.setenv("SHEQU_REPORTING_WAIT_LIMIT", "0.2")
    reporting_settings.cache_clear()
    try:
        answer = await reporting.http.get(
            "/api/v1/reporting/figures",
            params={"after": "employment:999999.1"},
            headers=token(),
        )
    finally:
        reporting_settings.cache_clear()

    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "1"
    assert answer.json()["errors"][0]["field"] == "after"


async def test_a_load_apart_at_start_applies_nothing_once_the_lease_is_gone(
    reporting, second: Second, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its fence is checked with each batch: one made stale is refused at once."""
    load_apart = generations_module.Generations._load_apart

    async def stale(generations: Any, *args: Any, fence: Any = None) -> int:
        deposed = dataclasses.replace(fence, epoch=fence.epoch + 1)
        return await load_apart(generations, *args, fence=deposed)

    monkeypatch.setattr(generations_module.Generations, "_load_apart", stale)
    await _history(reporting)

    served, _, _ = await second.start()

    assert served == await _served(reporting)
    assert len(second.loads) == 2
    # Every message was applied by the service itself: the loads applied none.
    for name in SERVED:
        held = await reporting.runtime.runners[name].status()
        assert second.here[name] == sum(s.stream_last_seq for s in held)
