"""Schema migrations applied at start-up: ordered, recorded, safe to run twice.

Two processes starting at once serialise on an advisory lock held for the migration
transaction, so neither sees a half-made schema
(see test_migrations_run_twice_and_from_two_connections_at_once).
Everything is created in the connection's current schema.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import asyncpg


@dataclass(frozen=True)
class Migration:
    """One step of a component's schema; ``version`` orders steps within a component."""

    component: str
    version: int
    sql: str


def store_migrations() -> list[Migration]:
    """The event store's own schema: events, commands and their triggers."""
    sql = resources.files("shequ.eventstore").joinpath("_schema.sql").read_text()
    return [Migration("eventstore", 1, sql)]


async def migrate(
    conn: asyncpg.Connection, migrations: Sequence[Migration]
) -> list[str]:
    """Apply the migrations not yet applied here; returns the names of those applied."""
    applied_now: list[str] = []
    async with conn.transaction():
        schema = await conn.fetchval("SELECT current_schema()")
        if schema is None:
            raise RuntimeError(
                "the search_path names no existing schema; create it first"
            )
        await conn.execute(
            "SELECT pg_advisory_xact_lock(hashtext($1))", f"{schema}.migrate"
        )
        await conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   component text, version integer,
                   applied_at timestamptz NOT NULL DEFAULT now(),
                   PRIMARY KEY (component, version))"""
        )
        done = {
            (r["component"], r["version"])
            for r in await conn.fetch(
                "SELECT component, version FROM schema_migrations"
            )
        }
        for step in migrations:
            if (step.component, step.version) in done:
                continue
            await conn.execute(step.sql)
            await conn.execute(
                "INSERT INTO schema_migrations (component, version) VALUES ($1, $2)",
                step.component,
                step.version,
            )
            applied_now.append(f"{step.component}/{step.version}")
    return applied_now


async def ensure_service_role(conn: asyncpg.Connection, role: str) -> None:
    """Create ``role`` (without login) unless it exists, and let this user act as it.

    Two services starting at once may both try: the loser's duplicate is ignored.
    """
    ident = _quote_ident(role)
    if not await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
        with contextlib.suppress(
            asyncpg.DuplicateObjectError, asyncpg.UniqueViolationError
        ):
            await conn.execute(f"CREATE ROLE {ident} NOLOGIN")
    if not await conn.fetchval("SELECT pg_has_role($1, 'MEMBER')", role):
        await conn.execute(f"GRANT {ident} TO CURRENT_USER")


async def grant_service_role(conn: asyncpg.Connection, role: str) -> None:
    """Let ``role`` do all a running service does in this schema but change events.

    It may use every table and sequence of the schema, now and those created later,
    and create its own (projections) and schemas of its own (reporting's generations);
    on ``events`` and ``commands`` only SELECT and INSERT. No UPDATE, DELETE or
    TRUNCATE there is the first of the two append-only guards (the triggers are the
    second), and it may not move the sequence that numbers events.
    """
    ident = _quote_ident(role)
    schema = _quote_ident(await conn.fetchval("SELECT current_schema()"))
    database = _quote_ident(await conn.fetchval("SELECT current_database()"))
    positions = await conn.fetchval(
        "SELECT pg_get_serial_sequence('events', 'position')"
    )
    async with conn.transaction():
        # Services (replicas, or several schemas of one database) starting at once
        # would GRANT on the same database object together, and PostgreSQL refuses
        # the loser ("tuple concurrently updated"): one at a time, per database.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext('shequ-grants'))")
        await _grant(conn, ident, schema, database, positions)


async def _grant(
    conn: asyncpg.Connection, ident: str, schema: str, database: str, positions: str
) -> None:
    await conn.execute(
        f"""GRANT USAGE, CREATE ON SCHEMA {schema} TO {ident};
            GRANT CREATE ON DATABASE {database} TO {ident};
            GRANT ALL ON ALL TABLES IN SCHEMA {schema} TO {ident};
            GRANT ALL ON ALL SEQUENCES IN SCHEMA {schema} TO {ident};
            ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT ALL ON TABLES TO {ident};
            ALTER DEFAULT PRIVILEGES IN SCHEMA {schema}
                GRANT ALL ON SEQUENCES TO {ident};
            REVOKE ALL ON events, commands FROM {ident};
            REVOKE ALL ON SEQUENCE {positions} FROM {ident};
            GRANT SELECT, INSERT ON events, commands TO {ident};"""
    )


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
