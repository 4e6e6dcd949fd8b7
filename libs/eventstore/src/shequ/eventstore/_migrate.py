"""Schema migrations applied at start-up: ordered, recorded, safe to run twice.

Two processes starting at once serialise on an advisory lock held for the migration
transaction, so neither sees a half-made schema
(see test_migrations_run_twice_and_from_two_connections_at_once).
Everything is created in the connection's current schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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


async def grant_service_role(
    conn: asyncpg.Connection, role: str, *, read_write: Iterable[str] = ()
) -> None:
    """Let ``role`` append and read events, and fully use the ``read_write`` tables.

    The role gets no UPDATE, DELETE or TRUNCATE on ``events`` and ``commands``: that is
    the first of the two append-only guards (the triggers are the second).
    """
    ident = _quote_ident(role)
    schema = _quote_ident(await conn.fetchval("SELECT current_schema()"))
    await conn.execute(
        f"""GRANT USAGE ON SCHEMA {schema} TO {ident};
            REVOKE ALL ON events, commands FROM {ident};
            GRANT SELECT, INSERT ON events, commands TO {ident};"""
    )
    for table in read_write:
        await conn.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON {_quote_ident(table)} TO {ident}"
        )


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
