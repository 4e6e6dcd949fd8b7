"""One page of a listing (分页) from one query, with the total across all pages.

Real PostgreSQL: a small table of residents, paged by ``fetch_page`` the way every
service's read model pages its ledgers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
from pydantic import BaseModel

from shequ.service._paging import TOTAL, Page, fetch_page

OFFICE_A, OFFICE_B = "441900101001", "441900102001"
# Six residents: four in office A (aged 20, 30, 40, 50), two in office B.
RESIDENTS = [
    ("r1", OFFICE_A, 20),
    ("r2", OFFICE_B, 25),
    ("r3", OFFICE_A, 30),
    ("r4", OFFICE_A, 40),
    ("r5", OFFICE_B, 45),
    ("r6", OFFICE_A, 50),
]


class Resident(BaseModel):
    person_id: str
    office: str
    age: int


def _residents(*ids: str) -> list[Resident]:
    by_id = {r[0]: Resident(person_id=r[0], office=r[1], age=r[2]) for r in RESIDENTS}
    return [by_id[i] for i in ids]


ALL = f"SELECT person_id, office, age, {TOTAL} FROM residents ORDER BY person_id"
# Two parameters of its own: the helper's LIMIT and OFFSET must be $3 and $4.
IN_OFFICE_FROM_AGE = f"""SELECT person_id, office, age, {TOTAL} FROM residents
                         WHERE office = $1 AND age >= $2 ORDER BY age DESC"""


@pytest.fixture
async def pool(pg_dsn: str) -> AsyncIterator[asyncpg.Pool]:
    async with asyncpg.create_pool(pg_dsn, min_size=1, max_size=2) as pool:
        await pool.execute(
            """CREATE TABLE residents (
                   person_id text PRIMARY KEY, office text NOT NULL,
                   age integer NOT NULL)"""
        )
        await pool.executemany("INSERT INTO residents VALUES ($1, $2, $3)", RESIDENTS)
        yield pool


async def test_the_first_page_holds_the_first_rows_in_order_and_the_total_of_all(
    pool: asyncpg.Pool,
) -> None:
    page = await fetch_page(pool, Resident, ALL, page=1, size=4)

    assert page == Page[Resident](
        items=_residents("r1", "r2", "r3", "r4"), total=6, page=1, size=4
    )


async def test_page_two_continues_where_page_one_stopped(pool: asyncpg.Pool) -> None:
    first = await fetch_page(pool, Resident, ALL, page=1, size=2)
    second = await fetch_page(pool, Resident, ALL, page=2, size=2)

    assert first == Page[Resident](
        items=_residents("r1", "r2"), total=6, page=1, size=2
    )
    assert second == Page[Resident](
        items=_residents("r3", "r4"), total=6, page=2, size=2
    )


async def test_the_last_page_holds_only_what_is_left(pool: asyncpg.Pool) -> None:
    page = await fetch_page(pool, Resident, ALL, page=2, size=4)

    assert page == Page[Resident](items=_residents("r5", "r6"), total=6, page=2, size=4)


async def test_a_page_past_the_end_has_no_items_but_still_the_true_total(
    pool: asyncpg.Pool,
) -> None:
    just_past = await fetch_page(pool, Resident, ALL, page=4, size=2)
    far_past = await fetch_page(pool, Resident, ALL, page=100, size=5)

    assert just_past == Page[Resident](items=[], total=6, page=4, size=2)
    assert far_past == Page[Resident](items=[], total=6, page=100, size=5)


async def test_a_query_that_matches_nothing_gives_an_empty_first_page_of_total_0(
    pool: asyncpg.Pool,
) -> None:
    page = await fetch_page(
        pool, Resident, IN_OFFICE_FROM_AGE, "441900999999", 0, page=1, size=10
    )

    assert page == Page[Resident](items=[], total=0, page=1, size=10)


async def test_the_querys_own_parameters_come_first_and_limit_offset_after_them(
    pool: asyncpg.Pool,
) -> None:
    # Office A from age 30: r6 (50), r4 (40), r3 (30); r1 (20) is too young.
    first = await fetch_page(
        pool, Resident, IN_OFFICE_FROM_AGE, OFFICE_A, 30, page=1, size=2
    )
    second = await fetch_page(
        pool, Resident, IN_OFFICE_FROM_AGE, OFFICE_A, 30, page=2, size=2
    )

    assert first == Page[Resident](
        items=_residents("r6", "r4"), total=3, page=1, size=2
    )
    assert second == Page[Resident](items=_residents("r3"), total=3, page=2, size=2)


async def test_a_page_past_the_end_of_a_parameterised_query_counts_with_its_args(
    pool: asyncpg.Pool,
) -> None:
    page = await fetch_page(
        pool, Resident, IN_OFFICE_FROM_AGE, OFFICE_B, 30, page=3, size=1
    )

    # Only r5 (45) of office B is 30 or older.
    assert page == Page[Resident](items=[], total=1, page=3, size=1)


async def test_a_connection_pages_as_a_pool_does(pool: asyncpg.Pool) -> None:
    async with pool.acquire() as conn:
        page = await fetch_page(conn, Resident, ALL, page=3, size=2)
        past = await fetch_page(conn, Resident, ALL, page=5, size=2)

    assert page == Page[Resident](items=_residents("r5", "r6"), total=6, page=3, size=2)
    assert past == Page[Resident](items=[], total=6, page=5, size=2)
