"""Registry benchmarks (issue: registry): bulk import and person search.

(f) a 100,000-row resident ledger (CSV) imported end to end by the importer: read,
checked by the person decider, claimed and appended a batch per transaction;
(g) person search p99 over a directory holding those 100,000 persons, filled by the
directory projection's own apply function from the imported events; searches mix name
prefixes, exact ID numbers and phones within a street's subtree; (h) the same for
any part of a name (the given name, the last two characters, the whole name: 建国
finds 李建国), through the GIN index over names' characters and pairs.
"""

from __future__ import annotations

import csv
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import asyncpg

from bench._harness import Row, fresh_schema, p99
from shequ.contracts.personal import install_opener
from shequ.contracts.registry import CATALOG, OfficeKind
from shequ.eventstore import EventStore, create_pool, migrate, store_migrations
from shequ.keyring import KeyRing, master_key, new_master_key
from shequ.messaging import PROJECTION_MIGRATIONS
from shequ.registry.domain import office
from shequ.registry.domain.identity import check_digit
from shequ.registry.domain.rules import Acting
from shequ.registry.handlers.ledger_import import import_ledger
from shequ.registry.readmodels import directory
from shequ.registry.readmodels.directory.person_search import search_persons
from shequ.registry.readmodels.guards import GUARD_MIGRATIONS
from shequ.service import execute_as

RESIDENTS = 100_000
SEARCHES = 300
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
DISTRICT, STREET, COMMUNITY = "441900000000", "441900101000", "441900101001"
ADMIN = Acting(staff_id="bench-admin", office=DISTRICT, now=NOW)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕"
TAGS = ["", "", "", "党员", "退休", "低保", "在校学生", "退休、党员", "残疾"]


async def run(database_url: str, _nats_url: str) -> list[Row]:
    """Both registry figures, measured on the given database (personal data sealed,
    as a service stores it, with a key table of the run's own)."""
    async with fresh_schema(database_url) as dsn:
        schema = parse_qs(urlsplit(dsn).query)["search_path"][0]
        ring = KeyRing(dsn, master_key(new_master_key()), schema=schema)
        await ring.attach()
        install_opener(ring)
        pool = await create_pool(dsn, min_size=2, max_size=4)
        try:
            store = EventStore(pool, CATALOG, keyring=ring)
            async with pool.acquire() as conn:
                await migrate(
                    conn,
                    [
                        *store_migrations(),
                        *PROJECTION_MIGRATIONS,
                        *GUARD_MIGRATIONS,
                        *directory.directory_projection()(store).migrations,
                    ],
                )
            await _open_offices(store)
            with tempfile.TemporaryDirectory() as tmp:
                residents = _ledger(Path(tmp) / "ledger.csv")
                rows = [await _import(store, Path(tmp) / "ledger.csv")]
            await _fill_directory(store)
            rows.append(await _search(pool, ring, residents))
            rows.append(await _search_parts(pool, ring, residents))
            return rows
        finally:
            install_opener(None)
            await pool.close()
            await ring.detach()


async def _open_offices(store: EventStore) -> None:
    tree: list[tuple[str, OfficeKind]] = [
        (DISTRICT, "district"),
        (STREET, "street"),
        (COMMUNITY, "community"),
    ]
    for code, kind in tree:
        command = office.OpenOffice(
            code=code, name=f"office {code}", kind=kind, parent_open=True, by=ADMIN
        )
        await execute_as(ADMIN, store, office.DECIDER, code, command)


def _ledger(path: Path) -> list[tuple[str, str, str]]:
    """Write the ledger; returns each resident's (name, ID number, phone)."""
    rng = random.Random(7)
    residents = []
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["序号", "姓名", "身份证号", "性别", "联系电话", "住址", "户籍类型", "标签"]
        )
        for n in range(RESIDENTS):
            born = date(1940, 1, 1) + timedelta(days=n % 25_000)
            first17 = f"441900{born:%Y%m%d}{n // 25_000:02d}{n % 10}"
            number = first17 + check_digit(first17)
            name = rng.choice(SURNAMES) + "".join(
                rng.choices(GIVEN, k=rng.randint(1, 2))
            )
            phone = f"13{n:09d}"
            sex = "男" if n % 2 else "女"
            residence = "流动" if n % 5 == 0 else "户籍"
            address = f"东城路 {n % 300} 号 {n % 40} 室"
            writer.writerow(
                [
                    n + 1,
                    name,
                    number,
                    sex,
                    phone,
                    address,
                    residence,
                    TAGS[n % len(TAGS)],
                ]
            )
            residents.append((name, number, phone))
    return residents


async def _import(store: EventStore, path: Path) -> Row:
    by = Acting(staff_id="bench-import", office=COMMUNITY, now=NOW)
    start = time.perf_counter()
    result = await import_ledger(store, path, office=COMMUNITY, by=by)
    rate = result.read / (time.perf_counter() - start)
    assert (result.added, result.invalid) == (RESIDENTS, 0), result.summary()
    return Row(
        f"(f) ledger import rows/s ({result.read:,} rows, CSV)",
        rate,
        "/s",
        None,
        "",
        ">= 5,000/s",
        rate >= 5_000,
    )


async def _fill_directory(store: EventStore) -> None:
    """Apply the imported events through the directory projection, 2,000 a batch."""
    after = (0, 0)
    projection = directory.directory_projection()(store)
    while events := await store.read_all(after, limit=2_000):
        async with store.pool.acquire() as conn, conn.transaction():
            await projection.apply(conn, events)
        after = (events[-1].transaction_id, events[-1].position)
    # What autovacuum does within a minute of a bulk load: plan with statistics.
    await store.pool.execute("ANALYZE")


async def _search(
    pool: asyncpg.Pool, ring: KeyRing, residents: list[tuple[str, str, str]]
) -> Row:
    rng = random.Random(11)
    queries = []
    for i in range(SEARCHES):
        name, number, phone = rng.choice(residents)
        queries.append([name[:1], name[:2], number, phone][i % 4])
    within = STREET[:9]
    samples = []
    for query in queries:
        start = time.perf_counter()
        page = await search_persons(
            pool, ring, within=within, query=query, page=1, size=20, unmasked=False
        )
        samples.append((time.perf_counter() - start) * 1000)
        assert page.total >= 1, query
    latency = p99(samples)
    return Row(
        f"(g) search p99 (p50 {statistics.median(samples):.1f}), 100k via projection",
        latency,
        "ms",
        None,
        "",
        "< 50 ms",
        latency < 50,
    )


async def _search_parts(
    pool: asyncpg.Pool, ring: KeyRing, residents: list[tuple[str, str, str]]
) -> Row:
    rng = random.Random(13)
    queries = []
    for i in range(SEARCHES):
        name = rng.choice(residents)[0]
        queries.append([name[1:], name[-2:], name][i % 3])
    samples = []
    for query in queries:
        start = time.perf_counter()
        page = await search_persons(
            pool, ring, within=STREET[:9], query=query, page=1, size=20, unmasked=False
        )
        samples.append((time.perf_counter() - start) * 1000)
        assert page.total >= 1, query
    latency = p99(samples)
    return Row(
        f"(h) search by any part of a name p99 (p50 {statistics.median(samples):.1f})",
        latency,
        "ms",
        None,
        "",
        "< 50 ms",
        latency < 50,
    )
