"""Commands over HTTP against the bare stack (issue #20 §1), side by side in one run.

(c1) The bare stack: FastAPI + uvicorn (uvloop, httptools) + asyncpg validating a
registration, checking the Ed25519 token and inserting one row (``bench._bare``), at
concurrency 8 and 32. (c2) shequ's registry, as deployed (its own process): ``POST
/registry/persons``, each a new resident of one community. (c3) employment: a
status change of a resident (``POST /employment/profiles/{id}/status`` with the
profile's ``If-Match``). Each shequ rate is a share of the bare rate measured
moments before on the same machine (these machines are noisy: the ratio is the
figure), with its p99. The client is ``bench._load``: raw keep-alive HTTP/1.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime

import httpx
from nats.js.errors import NotFoundError

from bench._harness import Row, cpu_seconds, fresh_schema
from bench._load import Answer, Load, Request, closed_loop
from bench._services import PRIVATE, PUBLIC, admin_headers, free_port, serving
from bench.employment import _residents
from shequ.access import Actor, Role, TokenIssuer
from shequ.keyring import new_master_key
from shequ.messaging import connect as connect_nats
from shequ.messaging import stream_name
from shequ.registry.domain.identity import check_digit

SECONDS = 8.0
WARM_UP = 2.0
LEVELS = (8, 32)
STREET, COMMUNITY = "441900101000", "441900101002"
RATIO_TARGET, P99_TARGET = 0.6, 100.0
# The server process behind each port, for the CPU it spends per request.
_PIDS: dict[int, int] = {}


async def run(database_url: str, nats_url: str) -> list[Row]:
    rows: list[Row] = []
    bare: dict[int, Load] = {}
    async with _process(database_url, nats_url, "bench._bare:create_app") as port:
        for level in LEVELS:
            bare[level], cpu = await _measure(port, _bare_request(), level)
            rows.append(_row(f"(c1) bare stack POST, c={level}", bare[level], cpu))
    async with _registry(database_url, nats_url) as port:
        for level in LEVELS:
            load, cpu = await _measure(port, _registration(), level)
            rows.append(
                _row(
                    f"(c2) registry register person, c={level}", load, cpu, bare[level]
                )
            )
    async with serving(
        database_url, nats_url, "employment", "shequ.employment.app:create_app"
    ) as service:
        people = await _residents(service.registry)
        await service.caught_up("employment-people")
        port = int(str(service.http.base_url).rsplit(":", 1)[1].rstrip("/"))
        versions = await _versions(service.http, people)
        _PIDS[port] = service.pid or 0
        for level in LEVELS:
            next_request = _status_change(people, level, versions)
            load, cpu = await _measure(port, next_request, level)
            rows.append(
                _row(
                    f"(c3) employment status change, c={level}", load, cpu, bare[level]
                )
            )
    return rows


async def _measure(
    port: int, next_request: Callable[[int, Answer | None], Request], level: int
) -> tuple[Load, float]:
    """The load, and the server's CPU milliseconds per answered request."""
    await closed_loop(port, next_request, concurrency=level, seconds=WARM_UP)
    cpu = cpu_seconds(_PIDS[port])
    load = await closed_loop(port, next_request, concurrency=level, seconds=SECONDS)
    cpu_ms = (cpu_seconds(_PIDS[port]) - cpu) * 1000 / max(load.answered, 1)
    print(
        f"  c={level}: {load.rate:.0f}/s p99 {load.p99_ms:.0f} ms {load.statuses}"
        f" {cpu_ms:.2f} ms CPU/request",
        file=sys.stderr,
    )
    return load, cpu_ms


def _row(name: str, load: Load, cpu_ms: float, bare: Load | None = None) -> Row:
    name = f"{name} (p99 {load.p99_ms:.0f} ms, server {cpu_ms:.2f} ms CPU/req"
    if bare is None:
        return Row(f"{name})", load.rate, "req/s")
    passed = (
        load.failed == 0
        and load.rate >= RATIO_TARGET * bare.rate
        and (load.p99_ms < P99_TARGET or not name.endswith("c=32"))
    )
    return Row(
        f"{name}, {load.failed} failed)",
        load.rate,
        "req/s",
        reference=bare.rate,
        reference_name="bare stack",
        target=f"≥ {RATIO_TARGET} × bare; p99 < {P99_TARGET:.0f} ms at c=32",
        passed=passed,
    )


def _worker_headers() -> dict[str, str]:
    actor = Actor(
        staff_id="bench-worker",
        office=COMMUNITY,
        roles=frozenset({Role.COMMUNITY_WORKER}),
    )
    token = TokenIssuer(PRIVATE).issue(actor, datetime.now(UTC))
    return {"Authorization": f"Bearer {token}"}


_counter = itertools.count()


def _registration_body() -> dict[str, object]:
    n = next(_counter)
    birth = date(1950 + n % 50, 1 + n % 12, 1 + n % 28)
    stem = f"441900{birth:%Y%m%d}{n % 1000:03d}"
    return {
        "name": f"压测{n}",
        "office": COMMUNITY,
        "address": f"东向社区{n % 300}号",
        "document_number": stem + check_digit(stem),
        "phone": f"138{n % 100_000_000:08d}",
    }


def _bare_request() -> Callable[[int, Answer | None], Request]:
    headers = _worker_headers()
    return lambda _w, _a: ("POST", "/persons", headers, _registration_body())


def _registration() -> Callable[[int, Answer | None], Request]:
    headers = _worker_headers()
    return lambda _w, _a: (
        "POST",
        "/api/v1/registry/persons",
        headers,
        _registration_body(),
    )


async def _versions(http: httpx.AsyncClient, people: list[str]) -> dict[str, str]:
    """Each resident's profile ETag, read before the clock starts."""
    headers, versions = admin_headers(), {}
    for person in people:
        answer = await http.get(
            f"/api/v1/employment/profiles/{person}", headers=headers
        )
        versions[person] = answer.headers.get("ETag", '"0"')
    return versions


def _status_change(
    people: list[str], level: int, versions: dict[str, str]
) -> Callable[[int, Answer | None], Request]:
    """Each worker walks its own residents, each change naming the version the
    last answer for that resident gave (``versions``, read beforehand)."""
    headers = admin_headers()
    turn = [0] * level
    mine = [people[w::level] for w in range(level)]
    current: list[str | None] = [None] * level

    def next_request(worker: int, last: Answer | None) -> Request:
        person = current[worker]
        if last is not None and person is not None and "etag" in last.headers:
            versions[person] = last.headers["etag"]
        person = mine[worker][turn[worker] % len(mine[worker])]
        current[worker] = person
        profile = f"/api/v1/employment/profiles/{person}"
        lap = turn[worker] // len(mine[worker])
        status = "employed" if lap % 2 == 0 else "unemployed"
        turn[worker] += 1
        return (
            "POST",
            f"{profile}/status",
            {**headers, "If-Match": versions[person]},
            {
                "status": status,
                "since": "2026-11-01",
                "reason": "bench",
                "source": "phone_survey",
                "employer": "示范厂" if status == "employed" else None,
            },
        )

    return next_request


@contextlib.asynccontextmanager
async def _process(
    database_url: str, nats_url: str, factory: str
) -> AsyncIterator[int]:
    """``uvicorn --factory`` on a fresh schema, as a service runs; yields its port."""
    async with fresh_schema(database_url) as dsn:
        port = free_port()
        env = {
            **os.environ,
            "SHEQU_DATABASE_URL": dsn,
            "SHEQU_NATS_URL": nats_url,
            "SHEQU_TOKEN_PUBLIC_KEY": PUBLIC,
            "SHEQU_MASTER_KEY": new_master_key(),
            "SHEQU_POOL_SIZE": "10",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *("-m", "uvicorn", "--factory", factory, "--port", str(port)),
            *("--host", "127.0.0.1", "--log-level", "error", "--no-access-log"),
            env=env,
            stdout=subprocess.DEVNULL,
        )
        _PIDS[port] = process.pid
        try:
            await _listening(port)
            yield port
        finally:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()


async def _listening(port: int) -> None:
    for _ in range(600):
        with contextlib.suppress(OSError):
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


@contextlib.asynccontextmanager
async def _registry(database_url: str, nats_url: str) -> AsyncIterator[int]:
    """The registry on a new stream, with a district, a street and a community."""
    client = await connect_nats(nats_url)
    with contextlib.suppress(NotFoundError):
        await client.jetstream().delete_stream(stream_name("registry"))
    try:
        async with _process(
            database_url, nats_url, "shequ.registry.app:create_app"
        ) as port:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
                await _ready(http)
                for code, name, kind in (
                    ("441900000000", "压测区", "district"),
                    (STREET, "压测街道", "street"),
                    (COMMUNITY, "东向社区", "community"),
                ):
                    answer = await http.post(
                        "/api/v1/registry/offices",
                        json={"code": code, "name": name, "kind": kind},
                        headers=admin_headers(),
                    )
                    answer.raise_for_status()
            yield port
    finally:
        with contextlib.suppress(NotFoundError):
            await client.jetstream().delete_stream(stream_name("registry"))
        await client.close()


async def _ready(http: httpx.AsyncClient) -> None:
    for _ in range(600):
        with contextlib.suppress(httpx.TransportError):
            if (await http.get("/api/v1/registry/health/ready")).status_code == 200:
                return
        await asyncio.sleep(0.1)
    raise TimeoutError("the registry did not start")
