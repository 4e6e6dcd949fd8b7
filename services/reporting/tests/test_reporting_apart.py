"""A rebuild's load in a process of its own (``readmodels/apart.py``), on its own."""

from __future__ import annotations

import asyncio
import json
import time

from shequ.keyring import new_master_key
from shequ.reporting.readmodels import apart


async def test_a_load_apart_ends_when_the_service_that_asked_is_gone() -> None:
    """Its parent is not the one the order names, as if the service were killed."""
    # A database that accepts the connection and never answers: the load waits on
    # it, so only the check for the parent can end it.
    held: list[asyncio.StreamWriter] = []
    silent = await asyncio.start_server(
        lambda _reader, writer: held.append(writer), "127.0.0.1", 0
    )
    port = silent.sockets[0].getsockname()[1]
    order = apart.Order(
        projection="reporting-ledgers",
        schema_name="nowhere",
        settings={
            "database_url": f"postgresql://nobody@127.0.0.1:{port}/nowhere",
            "master_key": new_master_key(),
        },
        server_settings={},
        parent=0,  # no process's parent
    )
    child = await apart.spawn()
    started = time.monotonic()
    try:
        said, _ = await asyncio.wait_for(
            child.communicate(order.model_dump_json().encode()), timeout=30
        )
    finally:
        for writer in held:
            writer.close()
        silent.close()
        await silent.wait_closed()

    assert child.returncode == 1
    assert json.loads(said.splitlines()[-1]) == {
        "error": "RuntimeError('the service that asked for this load is gone')"
    }
    assert time.monotonic() - started < 15  # not the database's 60 s time-out
