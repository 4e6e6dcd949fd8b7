"""Temporal rows: each version of a record is valid from one recorded time to the next.

A change closes the current row (``valid_to``) and opens a new one from the same
moment, so "as it stood at T" is ``valid_from <= T < valid_to`` (open rows have no
``valid_to``). Times are the events' recorded times, so a rebuild gives the same rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

AS_OF = "({t}.valid_from <= $1 AND ({t}.valid_to IS NULL OR {t}.valid_to > $1))"


def as_of(table: str) -> str:
    """The SQL condition that ``table``'s row was current at ``$1``."""
    return AS_OF.format(t=table)


async def change(
    conn: asyncpg.Connection,
    table: str,
    keys: dict[str, Any],
    at: datetime,
    values: dict[str, Any],
    *,
    create: bool = False,
) -> None:
    """Close the current row of ``keys`` and open one with ``values`` changed.

    Without a current row nothing happens, unless ``create``: then the new row holds
    ``keys`` and ``values`` only.
    """
    where = " AND ".join(f"{k} = ${i}" for i, k in enumerate(keys, start=2))
    row = await conn.fetchrow(
        f"""UPDATE {table} SET valid_to = $1
            WHERE {where} AND valid_to IS NULL RETURNING *""",
        at, *keys.values(),
    )  # fmt: skip
    if row is None and not create:
        return
    new = {**(dict(row) if row else {}), **keys, **values,
           "valid_from": at, "valid_to": None}  # fmt: skip
    columns = ", ".join(new)
    marks = ", ".join(f"${i}" for i in range(1, len(new) + 1))
    await conn.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks})", *new.values()
    )


async def replace(
    conn: asyncpg.Connection,
    table: str,
    keys: dict[str, Any],
    at: datetime,
    values: dict[str, Any],
) -> None:
    """Close the current row of ``keys`` (if any) and open one holding ``values``.

    For a change that states the whole row: one statement instead of two.
    """
    where = " AND ".join(f"{k} = ${i}" for i, k in enumerate(keys, start=2))
    new = {**keys, **values}
    columns = ", ".join(["valid_from", *new])
    first = len(keys) + 2
    marks = ", ".join(["$1", *(f"${i}" for i in range(first, first + len(new)))])
    await conn.execute(
        f"""WITH closed AS (UPDATE {table} SET valid_to = $1
                            WHERE {where} AND valid_to IS NULL)
            INSERT INTO {table} ({columns}) VALUES ({marks})""",
        at, *keys.values(), *new.values(),
    )  # fmt: skip


async def end(
    conn: asyncpg.Connection, table: str, keys: dict[str, Any], at: datetime
) -> None:
    """Close the current row of ``keys``: from ``at`` on there is none."""
    where = " AND ".join(f"{k} = ${i}" for i, k in enumerate(keys, start=2))
    await conn.execute(
        f"UPDATE {table} SET valid_to = $1 WHERE {where} AND valid_to IS NULL",
        at, *keys.values(),
    )  # fmt: skip
