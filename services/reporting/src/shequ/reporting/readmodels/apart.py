"""A projection's bulk load in a process of its own (独立进程重建).

A rebuild's bulk load is Python-bound: one process decodes and plays about 25,000
events a second on one core, and two projections rebuilt in the service's process
share that core (README, "Sources and projections at once"). Above
``Generations.apart_above`` messages a rebuild therefore loads the new generation's
schema here, in a child of the service, and the service switches to it as before. So
does a projection that far behind at start (a first start, a new database): its
serving schema is loaded here, from its checkpoints, under the lease's fence.

The order comes on stdin as one JSON object: the settings the load needs, the master
key among them, are not put on the command line, where any user of the machine can
read them. Each line on stdout is one JSON object: progress ``{"source", "seq",
"end"}``, then ``{"applied": n}`` or ``{"error": "..."}``. Anything else the process
prints goes to stderr, with its logs, as the service's do.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from shequ.contracts.personal import install_opener
from shequ.eventstore import create_pool
from shequ.keyring import shared
from shequ.messaging import Fence
from shequ.messaging import connect as connect_nats
from shequ.service import ServiceSettings, tune_gc

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


# Of the service's settings, those a load reads (not, say, the token signing key).
NEEDED = {
    "database_url",
    "database_role",
    "nats_url",
    "master_key",
    "keyring_url",
    "pool_size",
}
# A load given up (its process killed) must not leave a statement running, holding
# locks the dropping of its schema waits on: the server checks for the client.
CHECK_CLIENT = {"client_connection_check_interval": "1s"}


class Order(BaseModel):
    """What the service asks the child to load."""

    projection: str
    schema_name: str
    settings: dict[str, Any]
    server_settings: dict[str, str]
    # The lease's fencing token when it loads the serving schema (``Fence``'s fields).
    fence: dict[str, Any] | None = None
    parent: int  # the service's process id: the load ends if it is gone


async def spawn() -> asyncio.subprocess.Process:
    """Start a load apart: the order goes to its stdin, its answers come on stdout."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        __name__,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )


async def load(order: Order, progress: Progress) -> int:
    """Migrate ``order``'s schema (indexes after) and load it; the events applied."""
    # Imported here, as the service's are: the parent's side needs only the Order.
    from shequ.reporting.readmodels.generations import load_here  # noqa: PLC0415
    from shequ.reporting.readmodels.projections import projections  # noqa: PLC0415

    settings = ServiceSettings.model_validate(order.settings)
    projection = next(p for p in projections() if p.name == order.projection)
    ring = shared(
        settings.keyring_url or settings.database_url,
        settings.master_key or "",
        role=settings.database_role,
    )
    await ring.attach()
    install_opener(ring)
    nats = await connect_nats(
        settings.nats_servers, max_reconnect_attempts=-1, reconnect_time_wait=0.5
    )
    pool = await create_pool(
        settings.database_url,
        max_size=max(settings.pool_size, len(projection.sources)),
        server_settings={
            **order.server_settings,
            **CHECK_CLIENT,
            "search_path": order.schema_name,
        },
    )
    try:
        tune_gc()
        fence = Fence(**order.fence) if order.fence else None
        return await load_here(pool, projection, nats, progress, fence)
    finally:
        await pool.close()
        await nats.close()
        await ring.detach()


async def _load_while_asked(order: Order, progress: Progress) -> int:
    """``load``, given up if the service that asked for it is gone.

    A service killed outright cannot stop its child; a rebuild's schema would be
    dropped by the next one, a serving schema caught up by the next start from its
    checkpoints, so the load ends rather than run on unseen.
    """
    loading = asyncio.create_task(load(order, progress))
    while not loading.done():
        await asyncio.wait({loading}, timeout=1.0)
        if os.getppid() != order.parent:
            loading.cancel()
            raise RuntimeError("the service that asked for this load is gone")
    return loading.result()


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # stdout is kept for the answers alone; whatever else prints goes to stderr.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

    def say(line: dict[str, Any]) -> None:
        answers.write(json.dumps(line, ensure_ascii=False) + "\n")
        answers.flush()

    def progress(source: str, seq: int, end: int) -> None:
        say({"source": source, "seq": seq, "end": end})

    order = Order.model_validate_json(sys.stdin.read())
    try:
        applied = asyncio.run(_load_while_asked(order, progress))
    except Exception as error:  # said to the service
        log.exception("%s: the load failed", order.projection)
        say({"error": repr(error)[:2000]})  # one line, well within a pipe's read
        raise SystemExit(1) from None
    say({"applied": applied})


if __name__ == "__main__":
    main()
