"""Key rings over a key table in the test's own schema, under a fixed master key."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from urllib.parse import parse_qs, urlsplit

import pytest

from shequ.keyring import KeyRing

MASTER = bytes(range(32))


@pytest.fixture
def rings(pg_dsn: str) -> Callable[..., AbstractAsyncContextManager[KeyRing]]:
    """A maker of attached rings whose key table is in pg_dsn's schema (dropped after).

    ``rings()`` is a ring under :data:`MASTER`; ``rings(master=...)`` another key.
    """
    schema = parse_qs(urlsplit(pg_dsn).query)["search_path"][0]

    @asynccontextmanager
    async def ring(master: bytes = MASTER) -> AsyncIterator[KeyRing]:
        made = KeyRing(pg_dsn, master, schema=schema)
        await made.attach()
        try:
            yield made
        finally:
            await made.detach()

    return ring


@pytest.fixture
async def ring(
    rings: Callable[..., AbstractAsyncContextManager[KeyRing]],
) -> AsyncIterator[KeyRing]:
    async with rings() as made:
        yield made
