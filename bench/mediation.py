"""Mediation benchmarks (issue #17): up to 20,000 disputes, in the service's process.

(m1) Dispute load: up to 20,000 hotline calls registered through the handler
(``handlers/disputes.register``), each then accepted, given two of the committee's
mediators, a session recorded and a written agreement with one obligation reached:
five commands and five sealed events a dispute, by 8 concurrent workers, as desks
would. Commands/s and events/s.
(m2) The ledger rebuild: projection ``mediation-ledger`` (``mediation_disputes``,
``mediation_obligations``, the committee, the documents) emptied and applied again
from JetStream (``ProjectionRunner.rebuild``): events/s, and the seconds for all
disputes loaded.

The load stops starting disputes after ``SHEQU_BENCH_LOAD_SECONDS`` (90), so the suite
stays within about three minutes on a busy machine; the rows name how many were
loaded. ``SHEQU_BENCH_DISPUTES`` sets how many at most (20,000).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from datetime import UTC, date, datetime

from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from bench._harness import Row, in_process, load_rows, settle
from shequ.access import Acting
from shequ.contracts.mediation import Obligation, Party
from shequ.mediation.app import create_app
from shequ.mediation.domain import dispute
from shequ.mediation.domain.rules import MediationRules
from shequ.mediation.handlers import committee, disputes
from shequ.mediation.settings import MediationSettings
from shequ.messaging import connect as connect_nats
from shequ.service import Runtime
from shequ.testing.feeds import COMMUNITY_A

DISPUTES = int(os.environ.get("SHEQU_BENCH_DISPUTES", "20000"))
LOAD_SECONDS = float(os.environ.get("SHEQU_BENCH_LOAD_SECONDS", "90"))
WORKERS = 8
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
REGISTERED, AGREED, DUE = date(2026, 11, 2), date(2026, 11, 12), date(2026, 11, 30)


async def run(database_url: str, nats_url: str) -> list[Row]:
    """The mediation figures, on one service process holding up to 20,000 disputes."""
    async with contextlib.AsyncExitStack() as stack:
        client = await connect_nats(nats_url)
        stack.push_async_callback(client.close)
        stack.push_async_callback(_drop_stream, client)
        await _drop_stream(client)
        settings = MediationSettings()
        rt = await in_process(
            stack,
            lambda service: create_app(service, settings, clock=lambda: NOW),
            database_url,
            nats_url,
        )
        by = Acting(staff_id="bench-mediator", office=COMMUNITY_A, now=NOW)
        members = await _committee(rt, by)
        loaded, load = await _load(rt, by, members, settings.rules())
        await settle(rt, 600)
        return [*load, await _rebuild(rt, loaded)]


async def _drop_stream(client: NatsClient) -> None:
    with contextlib.suppress(NotFoundError):
        await client.jetstream().delete_stream("SHEQU_MEDIATION")


async def _committee(rt: Runtime, by: Acting) -> frozenset[str]:
    """Two mediators of community A's committee, in the read model."""
    for n, name in enumerate(("梁志明", "陈丽华")):
        await committee.appoint(
            rt.store,
            by=by,
            key=f"bench-member-{n}",
            office=COMMUNITY_A,
            role="mediator",
            name=name,
            phone="13800138000",
            staff_id=None,
            person_id=None,
        )
    await settle(rt, 60)
    return await disputes.committee_of(rt.store, COMMUNITY_A)


async def _load(
    rt: Runtime, by: Acting, members: frozenset[str], rules: MediationRules
) -> tuple[int, list[Row]]:
    """How many disputes were loaded by the deadline, and the load's rows."""
    events = loaded = 0
    mediators = tuple(sorted(members))

    async def one(n: int) -> None:
        nonlocal events, loaded
        opened = await disputes.register(
            rt.store,
            by=by,
            key=f"bench-{n}",
            office=COMMUNITY_A,
            source="hotline",
            kind="neighbours",
            parties=[Party(name="王建华", phone="13900139001"), Party(name="李秀英")],
            matter=f"楼上漏水致楼下天花板受损（{n + 1}号）",
            amount=5000,
            registered_on=REGISTERED,
            rules=rules,
        )
        assert opened.state is not None
        steps: list[dispute.Command] = [
            dispute.AcceptDispute(accepted_on=REGISTERED, by=by),
            dispute.AssignMediators(
                mediators=mediators, committee=members, assigned_on=REGISTERED, by=by
            ),
            dispute.RecordSession(
                held_on=AGREED,
                place="社区调解室",
                attendees=("王建华", "李秀英"),
                summary="达成一致",
                by=by,
            ),
            dispute.ReachAgreement(
                form="written",
                agreed_on=AGREED,
                facts="楼上卫生间漏水",
                terms="赔偿维修费三千元",
                obligations=(
                    Obligation(
                        number=1, party=1, what="支付维修费", due_on=DUE, amount=3000
                    ),
                ),
                by=by,
            ),
        ]
        recorded = len(opened.events)
        for command in steps:
            outcome = await disputes.act(rt.store, opened.state.dispute_id, command)
            recorded += len(outcome.events)
        events += recorded  # after the awaits: no other task's count is lost
        loaded += 1

    async def worker(w: int) -> None:
        for n in range(w, DISPUTES, WORKERS):
            if time.perf_counter() > deadline:
                return
            await one(n)

    print(
        f"  loading up to {DISPUTES:,} disputes in {LOAD_SECONDS:.0f} s,"
        f" {WORKERS} workers",
        file=sys.stderr,
    )
    started = time.perf_counter()
    deadline = started + LOAD_SECONDS
    await asyncio.gather(*(worker(w) for w in range(WORKERS)))
    seconds = time.perf_counter() - started
    return loaded, load_rows(
        "m1",
        "mediation dispute",
        loaded,
        commands=loaded * 5,
        events=events,
        seconds=seconds,
    )


async def _rebuild(rt: Runtime, loaded: int) -> Row:
    runner = next(
        r for r in rt.runners.values() if r.projection.name == "mediation-ledger"
    )
    print("  rebuilding mediation-ledger", file=sys.stderr)
    started = time.perf_counter()
    applied = await runner.rebuild()
    seconds = time.perf_counter() - started
    found = await rt.pool.fetchval("SELECT count(*) FROM mediation_disputes")
    assert found == loaded, (found, loaded)
    return Row(
        f"(m2) mediation-ledger rebuild events/s ({applied:,} events)",
        applied / seconds,
        "/s",
        target=f"{seconds:,.1f} s for {loaded:,} disputes",
    )
