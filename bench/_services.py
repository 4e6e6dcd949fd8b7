"""Running a service for a benchmark, as deployed: its own process, fed by a real
registry stream; the load comes over HTTP on 127.0.0.1 from the bench process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from bench._harness import fresh_schema
from shequ.access import Actor, Role, TokenIssuer, generate_signing_key
from shequ.eventstore import create_pool
from shequ.keyring import new_master_key
from shequ.messaging import connect as connect_nats
from shequ.messaging import stream_name
from shequ.testing.feeds import RegistryFeed, open_registry_feed

PRIVATE, PUBLIC = generate_signing_key()
DISTRICT = "441900000000"


def admin_headers() -> dict[str, str]:
    actor = Actor(
        staff_id="bench", office=DISTRICT, roles=frozenset({Role.DISTRICT_ADMIN})
    )
    token = TokenIssuer(PRIVATE).issue(actor, datetime.now(UTC))
    return {"Authorization": f"Bearer {token}"}


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, as /proc has them now."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:  # gone meanwhile
        return []
    return [pid, *(p for child in children for p in _tree(int(child)))]


def _resident_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = (
        int(line.split()[1]) for line in status.splitlines() if line[:6] == "VmRSS:"
    )
    return next(found, 0)


class Service:
    """A service process under load: its address, its database, the feeds' NATS."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        pool: Any,
        dsn: str,
        registry: RegistryFeed,
        nats_client: NatsClient,
    ) -> None:
        self.http, self.pool, self.dsn = http, pool, dsn
        self.registry, self.nats = registry, nats_client
        self.pid: int | None = None  # the server process, for its memory

    def resident_mb(self) -> float:
        """The server's resident memory now (VmRSS), in MB, its child processes too.

        An export writes its workbook in a child process (and the fork server that
        starts it is one): their memory is the server's.
        """
        return sum(_resident_kb(pid) for pid in _tree(self.pid or 0)) / 1024

    async def caught_up(self, projection: str, within: float = 600.0) -> None:
        """Wait until ``projection`` has applied all its sources hold."""
        deadline = asyncio.get_running_loop().time() + within
        js = self.nats.jetstream()
        while asyncio.get_running_loop().time() < deadline:
            rows = await self.pool.fetch(
                """SELECT source, stream_seq FROM projection_checkpoints
                   WHERE projection = $1""",
                projection,
            )
            behind = [
                r
                for r in rows
                if r["stream_seq"]
                < (await js.stream_info(stream_name(r["source"]))).state.last_seq
            ]
            if rows and not behind:
                return
            await asyncio.sleep(0.1)
        raise TimeoutError(f"{projection} did not catch up: {[dict(r) for r in rows]}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def serving(
    database_url: str,
    nats_url: str,
    service: str,
    factory: str,
    search_path: str | None = None,
) -> AsyncIterator[Service]:
    """``uvicorn --factory <factory>`` on a fresh schema and a new stream."""
    client = await connect_nats(nats_url)
    js = client.jetstream()
    with contextlib.suppress(NotFoundError):
        await js.delete_stream(stream_name(service))
    port = free_port()
    try:
        async with (
            fresh_schema(database_url) as dsn,
            fresh_schema(database_url) as registry_dsn,
            open_registry_feed(registry_dsn, client) as registry,
        ):
            await registry.publish()
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
                "-m",
                "uvicorn",
                "--factory",
                factory,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "error",
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            pool = await create_pool(
                dsn,
                max_size=4,
                **(
                    {"server_settings": {"search_path": search_path}}
                    if search_path
                    else {}
                ),
            )
            try:
                async with httpx.AsyncClient(
                    base_url=f"http://127.0.0.1:{port}", timeout=60
                ) as http:
                    await _ready(http, service)
                    running = Service(http, pool, dsn, registry, client)
                    running.pid = process.pid
                    yield running
            finally:
                await pool.close()
                process.terminate()
                try:
                    await asyncio.wait_for(process.wait(), 30)
                except TimeoutError:
                    process.kill()
    finally:
        with contextlib.suppress(NotFoundError):
            await js.delete_stream(stream_name(service))
        await client.close()


async def _ready(http: httpx.AsyncClient, service: str) -> None:
    for _ in range(600):
        with contextlib.suppress(httpx.TransportError):
            answer = await http.get(f"/api/v1/{service}/health/ready")
            if answer.status_code == 200:
                return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"{service} did not start")


async def schema_of(database_url_dsn: str, projection: str) -> str:
    """Reporting's serving schema of ``projection`` (see its generations)."""
    conn = await asyncpg.connect(database_url_dsn)
    try:
        schema: str = await conn.fetchval(
            "SELECT schema_name FROM reporting_generations WHERE projection = $1",
            projection,
        )
        return schema
    finally:
        await conn.close()
