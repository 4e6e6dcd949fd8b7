"""Restore (恢复): a backup folder into a fresh server, renumbered and verified.

A dump is loaded into a schema that holds no table yet (an empty one, as deploy/'s
database job makes, is kept and filled), in one transaction. Then the events'
transaction ids are renumbered, keeping their order: the global order (transaction
id, position) reads only below the server's oldest running transaction, and a fresh
server's counter is far behind the old one's, so restored ids as they were would hide
every event and refuse every append (see
test_a_restored_store_reads_in_its_order_verifies_and_takes_appends). The hash chain
does not cover transaction ids; it is verified after.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from shequ.contracts.messages import N_
from shequ.eventstore import verify
from shequ.service._backup import (
    KEYRING,
    BackupError,
    Figures,
    pg_tool,
    run_tool,
    split_dsn,
    tables_of,
)

FIRST_NORMAL_XID = 3  # PostgreSQL's ids below this are special
BURN_CHUNK = 50_000  # transaction ids spent per transaction when a counter lags


@dataclass(frozen=True)
class Restored:
    """A store restored: its rows, its transactions renumbered, its chains verified."""

    events: int
    streams: int
    commands: int
    intact: bool
    transactions: int  # renumbered 3, 4, … in their order
    highest_before: int  # the highest transaction id as the backup held it


async def load(source: Path, dsn: str, expected: Figures) -> None:
    """Load one dump into the schema ``dsn`` names, which must hold no table yet."""
    conninfo, schema = split_dsn(dsn)
    if expected.schema != schema:
        raise BackupError(
            N_("{dump} holds schema {schema}, the target names {target}"),
            dump=source.name,
            schema=expected.schema,
            target=schema,
        )
    conn = await asyncpg.connect(conninfo)
    try:
        exists = await conn.fetchval(
            "SELECT count(*) FROM pg_namespace WHERE nspname = $1", schema
        )
        if exists and await tables_of(conn, schema):
            raise BackupError(
                N_("schema {schema} already holds tables: not a fresh one"),
                schema=schema,
            )
    finally:
        await conn.close()
    await asyncio.to_thread(_restore, source, conninfo, schema, keep_schema=exists)


def _restore(source: Path, conninfo: str, schema: str, *, keep_schema: bool) -> None:
    """``pg_restore`` in one transaction; an existing schema is kept and filled.

    The list of what to restore goes to a temporary file: the backup folder may be
    read-only (an archive).
    """
    restore = pg_tool("pg_restore")
    listing = run_tool(restore, "--list", str(source))
    if keep_schema:  # e.g. public, or one made by a database job
        own = re.compile(rf"^\d+; \d+ \d+ SCHEMA - {re.escape(schema)} ")
        lines = listing.splitlines()
        listing = "\n".join(line for line in lines if not own.match(line))
    with tempfile.NamedTemporaryFile("w", suffix=".list") as chosen:
        chosen.write(listing)
        chosen.flush()
        run_tool(
            restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--use-list={chosen.name}",
            f"--dbname={conninfo}",
            str(source),
        )


async def renumber_and_verify(dsn: str) -> Restored:
    """Give restored events transaction ids below this server's, then verify them.

    Each distinct old id becomes 3, 4, 5 … in the same order, so the global order and
    each transaction's grouping stay as they were; the server's own counter is then
    moved past them if it is not already, so every later append orders after.
    """
    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction():
            await conn.execute(
                f"""CREATE TEMP TABLE xid_map ON COMMIT DROP AS
                    SELECT transaction_id AS old,
                           (row_number() OVER (ORDER BY transaction_id)
                            + {FIRST_NORMAL_XID - 1})::text::xid8 AS new
                    FROM (SELECT DISTINCT transaction_id FROM events) AS t"""
            )
            transactions, before = await conn.fetchrow(
                "SELECT count(*), coalesce(max(old::text::bigint), 0) FROM xid_map"
            )
            for table in ("events", "commands"):
                # The owner lifts its own append-only trigger for this one statement,
                # inside this transaction: no one else sees the table meanwhile.
                await conn.execute(
                    f"""ALTER TABLE {table} DISABLE TRIGGER {table}_append_only;
                        UPDATE {table} AS t SET transaction_id = m.new FROM xid_map m
                        WHERE t.transaction_id = m.old;
                        ALTER TABLE {table} ENABLE TRIGGER {table}_append_only"""
                )
            if await conn.fetchval("SELECT to_regclass('relay_checkpoint')"):
                await conn.execute(
                    """UPDATE relay_checkpoint AS r SET transaction_id = m.new
                       FROM xid_map m WHERE r.transaction_id = m.old"""
                )
        await move_counter_past(conn, FIRST_NORMAL_XID + transactions)
        await conn.execute("VACUUM (ANALYZE) events, commands")
        commands = await conn.fetchval("SELECT count(*) FROM commands")
    finally:
        await conn.close()
    async with asyncpg.create_pool(dsn, min_size=1, max_size=1) as pool:
        report = await verify(pool)
    return Restored(
        events=report.events_verified,
        streams=report.streams_verified,
        commands=commands,
        intact=report.intact,
        transactions=transactions,
        highest_before=before,
    )


async def move_counter_past(conn: asyncpg.Connection, xid: int) -> None:
    """Spend transaction ids until this server's next one is past ``xid``.

    A subtransaction that writes takes an id of its own, so one statement spends
    thousands; only a store with more transactions than the fresh server has had
    needs this at all.
    """
    await conn.execute("CREATE TEMP TABLE IF NOT EXISTS spent (n integer)")
    while (now := int(await conn.fetchval("SELECT pg_current_xact_id()::text"))) <= xid:
        count = min(BURN_CHUNK, xid - now + 1)
        await conn.execute(
            f"""DO $$ BEGIN FOR i IN 1..{count} LOOP
                    BEGIN INSERT INTO spent VALUES (i);
                    EXCEPTION WHEN OTHERS THEN RAISE; END;
                END LOOP; END $$"""
        )
        await conn.execute("TRUNCATE spent")


async def load_keyring(source: Path, dsn: str, expected: Figures) -> int:
    """Load the key table into the database of ``dsn``; the number of keys."""
    conninfo, _ = split_dsn(dsn)
    target = f"{conninfo}{'&' if '?' in conninfo else '?'}search_path={KEYRING}"
    await load(source, target, expected)
    conn = await asyncpg.connect(conninfo)
    try:
        keys: int = await conn.fetchval(
            f'SELECT count(*) FROM "{KEYRING}".subject_keys'
        )
    finally:
        await conn.close()
    return keys
