"""A batch of changes to temporal rows gives the rows one-at-a-time changes would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import asyncpg

from shequ.reporting.readmodels.ledgers._temporal import Changes, Row

T0 = datetime(2026, 3, 1, tzinfo=UTC)
TABLE = """CREATE TABLE cards (
    number text NOT NULL, valid_from timestamptz NOT NULL, valid_to timestamptz,
    holder text, tags text[])"""


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _tag(tag: str) -> Callable[[Row], Row]:
    def update(current: Row) -> Row:
        return {"tags": sorted({*current["tags"], tag})}

    return update


# One card's whole life, and a second card only changed (never created).
OPS: list[Callable[[Changes], None]] = [
    lambda c: c.replace("cards", {"number": "A"}, _at(1), {"holder": "王", "tags": []}),
    lambda c: c.change("cards", {"number": "A"}, _at(2), _tag("low_income")),
    lambda c: c.change("cards", {"number": "A"}, _at(3), {"holder": "李"}),
    lambda c: c.end("cards", {"number": "A"}, _at(4)),
    lambda c: c.change("cards", {"number": "A"}, _at(5), {"holder": "赵"}),  # no row
    lambda c: c.change(
        "cards", {"number": "A"}, _at(6), {"holder": "周", "tags": []}, create=True
    ),
    lambda c: c.change("cards", {"number": "B"}, _at(1), {"holder": "孙"}),
]


async def _rows(conn: asyncpg.Connection) -> list[tuple[object, ...]]:
    rows = await conn.fetch(
        """SELECT number, valid_from, valid_to, holder, tags FROM cards
           ORDER BY number, valid_from"""
    )
    return [tuple(r) for r in rows]


async def _both_ways(
    pg_dsn: str, ops: list[Callable[[Changes], None]]
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The rows ``ops`` leave written as one batch, then one change at a time."""
    conn = await asyncpg.connect(pg_dsn)
    try:
        await conn.execute(TABLE)
        whole = Changes()
        for op in ops:
            op(whole)
        await whole.write(conn)
        in_one_batch = await _rows(conn)

        await conn.execute("TRUNCATE cards")
        for op in ops:
            single = Changes()
            op(single)
            await single.write(conn)
        return in_one_batch, await _rows(conn)
    finally:
        await conn.close()


async def test_one_batch_and_one_change_at_a_time_give_the_same_rows(
    pg_dsn: str,
) -> None:
    in_one_batch, one_at_a_time = await _both_ways(pg_dsn, OPS)

    assert (
        in_one_batch
        == one_at_a_time
        == [
            ("A", _at(1), _at(2), "王", []),
            ("A", _at(2), _at(3), "王", ["low_income"]),
            ("A", _at(3), _at(4), "李", ["low_income"]),
            ("A", _at(6), None, "周", []),
        ]
    )


async def test_a_column_a_row_was_not_given_reads_as_null_in_its_batch_too(
    pg_dsn: str,
) -> None:
    """As from the stored row: the batch is not failed and applied event by event."""

    def named(current: Row) -> Row:
        return {"holder": "无名" if current["holder"] is None else current["holder"]}

    ops: list[Callable[[Changes], None]] = [
        lambda c: c.replace("cards", {"number": "C"}, _at(1), {"tags": []}),
        lambda c: c.change("cards", {"number": "C"}, _at(2), named),
    ]
    in_one_batch, one_at_a_time = await _both_ways(pg_dsn, ops)

    assert (
        in_one_batch
        == one_at_a_time
        == [("C", _at(1), _at(2), None, []), ("C", _at(2), None, "无名", [])]
    )


async def test_a_batch_probes_current_rows_with_a_plan_for_any_keys(
    pg_dsn: str,
) -> None:
    """Readers plan for their values; a batch's thousands of keys must not be."""
    conn = await asyncpg.connect(
        pg_dsn, server_settings={"plan_cache_mode": "force_custom_plan"}
    )
    try:
        await conn.execute(TABLE)
        async with conn.transaction():
            batch = Changes()
            OPS[0](batch)
            await batch.write(conn)
            in_batch = await conn.fetchval("SHOW plan_cache_mode")
        after = await conn.fetchval("SHOW plan_cache_mode")
    finally:
        await conn.close()

    assert (in_batch, after) == ("force_generic_plan", "force_custom_plan")
