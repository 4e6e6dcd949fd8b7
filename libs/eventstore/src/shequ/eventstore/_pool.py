"""The connection pool every service uses for its store and read models.

asyncpg resets a connection with a query each time it goes back to the pool; shequ
keeps no session state (no LISTEN, no SET outside a transaction, no session advisory
locks), so the pool skips that round trip, which was half the cost of a single-event
append (bench (a)).
"""

from __future__ import annotations

from typing import Any

import asyncpg


async def _keep_session(_conn: asyncpg.Connection) -> None:
    return None


def create_pool(
    dsn: str, *, min_size: int = 2, max_size: int = 10, **kwargs: Any
) -> Any:
    """An asyncpg pool for ``dsn`` (use ``async with`` or ``await`` it)."""
    return asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, reset=_keep_session, **kwargs
    )
