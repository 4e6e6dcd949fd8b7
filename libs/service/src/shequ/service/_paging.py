"""One page of a read-model listing (分页), and the one query that fetches it.

Every paged list in every service is fetched by :func:`fetch_page`: the query orders
its rows and counts them in the same scan (``TOTAL`` in its select list), the helper
adds ``LIMIT``/``OFFSET``. A page past the end still tells the true total.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeAlias, TypeVar

from fastapi import Query
from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)

# The query parameters of every paged list: bounded, so an absurd page number is a
# 422 naming it, never an overflow in OFFSET (a 500).
PageNumber = Annotated[int, Query(ge=1, le=1_000_000, description="from 1")]
PageSize = Annotated[int, Query(ge=1, le=500, description="rows to a page")]

# Put in the select list of a paged query: the total across all pages, in one scan.
TOTAL = "count(*) OVER () AS total"

# An asyncpg Pool or Connection: both fetch alike (asyncpg ships no type hints).
Db: TypeAlias = Any


class Page(BaseModel, Generic[T]):
    """One page of a listing, with the total across all pages."""

    items: list[T]
    total: int
    page: int
    size: int


async def fetch_page(
    db: Db, model: type[T], query: str, *args: Any, page: int, size: int
) -> Page[T]:
    """Page ``page`` (from 1) of ``query``'s rows as ``model``, ``size`` to a page.

    ``query`` selects ``TOTAL`` and ends with its ``ORDER BY``; its parameters are
    ``args`` (``$1`` …), and the helper's come after them.
    """
    n = len(args)
    rows = await db.fetch(
        f"{query} LIMIT ${n + 1} OFFSET ${n + 2}", *args, size, (page - 1) * size
    )
    if rows:
        total = int(rows[0]["total"])
    elif page > 1:
        total = int(await db.fetchval(f"SELECT count(*) FROM ({query}) q", *args))
    else:
        total = 0
    items = [model.model_validate(dict(row)) for row in rows]
    return Page(items=items, total=total, page=page, size=size)
