"""A projection's bulk load in a process of its own (独立进程重建).

A rebuild's bulk load is Python-bound: one process decodes and plays about 25,000
events a second on one core, and two projections rebuilt in the service's process
share that core (README, "Sources and projections at once"). Above
``Generations.apart_above`` messages a rebuild therefore loads the new generation's
schema here, in a child of the service, and the service switches to it as before.

The order comes on stdin as one JSON object (the service's settings, the master key
among them, are not put on the command line, where any user of the machine can read
them); each line on stdout is one JSON object: progress ``{"source", "seq", "end"}``,
then ``{"applied": n}`` or ``{"error": "..."}``. Logs go to stderr, the service's.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from typing import Any

from pydantic import BaseModel

from shequ.contracts.personal import install_opener
from shequ.eventstore import create_pool
from shequ.keyring import shared
from shequ.messaging import ProjectionRunner
from shequ.messaging import connect as connect_nats
from shequ.service import ServiceSettings, tune_gc

log = logging.getLogger(__name__)


class Order(BaseModel):
    """What the service asks the child to load."""

    projection: str
    schema_name: str
    settings: dict[str, Any]
    server_settings: dict[str, str]
    batch: int


async def load(order: Order) -> int:
    """Migrate ``order``'s schema (indexes after) and load it; the events applied."""
    # Imported here, as the service's are: the parent's side needs only the Order.
    from shequ.reporting.readmodels.generations import catch_up_at_once  # noqa: PLC0415
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
    nats = await connect_nats(settings.nats_servers)
    pool = await create_pool(
        settings.database_url,
        max_size=max(settings.pool_size, len(projection.sources)),
        server_settings={**order.server_settings, "search_path": order.schema_name},
    )
    try:
        builder = ProjectionRunner(pool, projection, nats, catch_up_batch=order.batch)
        await builder.migrate(indexes=False)
        tune_gc()
        applied = await catch_up_at_once(builder, _progress)
        await builder.create_indexes()
        await builder.analyze()
        return applied
    finally:
        await pool.close()
        await nats.close()
        await ring.detach()


async def _load_while_asked(order: Order) -> int:
    """``load``, given up if the service that asked for it is gone.

    A service killed outright cannot stop its child; the schema loaded here would be
    dropped by its next rebuild anyway, so the load ends rather than run on unseen.
    """
    parent = os.getppid()
    loading = asyncio.create_task(load(order))
    while not loading.done():
        await asyncio.wait({loading}, timeout=1.0)
        if os.getppid() != parent:
            loading.cancel()
            raise RuntimeError("the service that asked for this load is gone")
    return loading.result()


def _progress(source: str, seq: int, end: int) -> None:
    _say({"source": source, "seq": seq, "end": end})


def _say(line: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    order = Order.model_validate_json(sys.stdin.read())
    try:
        applied = asyncio.run(_load_while_asked(order))
    except Exception as error:  # said to the service, which drops the schema
        log.exception("%s: the load failed", order.projection)
        _say({"error": repr(error)})
        raise SystemExit(1) from None
    _say({"applied": applied})


if __name__ == "__main__":
    main()
