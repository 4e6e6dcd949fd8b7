"""Sign-in sessions (登录会话): the refresh tokens that keep a worker signed in all day.

A session (a *family* of refresh tokens) begins at sign-in and holds until its end
(``expires_at``), its sign-out, or the reuse of a spent token. Only the SHA-256 of
the current token is kept, so the table grants nothing to whoever reads it. A refresh
replaces that hash in one conditional UPDATE: of two refreshes with one token, one
rotates and the other finds the hash gone, which is how a reuse is told from a use
(see test_a_refresh_token_used_twice_ends_the_session). Not events: like passwords,
sessions are credentials, not the record of the community's work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from shequ.eventstore import Migration

SESSION_MIGRATIONS = [
    Migration(
        "registry-sessions",
        1,
        """CREATE TABLE IF NOT EXISTS sign_in_sessions (
               session_id   text PRIMARY KEY,
               staff_id     text NOT NULL,
               roles        text[] NOT NULL,
               token_hash   bytea NOT NULL,
               started_at   timestamptz NOT NULL,
               expires_at   timestamptz NOT NULL,
               ended_at     timestamptz,
               ended_why    text);
           CREATE INDEX IF NOT EXISTS sign_in_sessions_staff
               ON sign_in_sessions (staff_id) WHERE ended_at IS NULL;""",
    )
]


@dataclass(frozen=True)
class Session:
    """One session as stored: whose, with which roles, until when, ended or not."""

    session_id: str
    staff_id: str
    roles: frozenset[str]
    token_hash: bytes
    expires_at: datetime
    ended_at: datetime | None
    ended_why: str | None


async def begin_session(
    db: asyncpg.Pool | asyncpg.Connection, session: Session, started_at: datetime
) -> None:
    """Store a new session (its first token's hash)."""
    await db.execute(
        """INSERT INTO sign_in_sessions
               (session_id, staff_id, roles, token_hash, started_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6)""",
        session.session_id,
        session.staff_id,
        sorted(session.roles),
        session.token_hash,
        started_at,
        session.expires_at,
    )


async def session_of(
    db: asyncpg.Pool | asyncpg.Connection, session_id: str
) -> Session | None:
    """The session ``session_id``, if there is one."""
    row = await db.fetchrow(
        "SELECT * FROM sign_in_sessions WHERE session_id = $1", session_id
    )
    if row is None:
        return None
    return Session(
        session_id=row["session_id"],
        staff_id=row["staff_id"],
        roles=frozenset(row["roles"]),
        token_hash=bytes(row["token_hash"]),
        expires_at=row["expires_at"],
        ended_at=row["ended_at"],
        ended_why=row["ended_why"],
    )


async def rotate(
    db: asyncpg.Pool | asyncpg.Connection, session_id: str, spent: bytes, fresh: bytes
) -> bool:
    """Replace the token hash ``spent`` by ``fresh``.

    False if ``spent`` is no longer the session's current token (another refresh
    spent it) or the session ended.
    """
    done = await db.fetchval(
        """UPDATE sign_in_sessions SET token_hash = $3
           WHERE session_id = $1 AND token_hash = $2 AND ended_at IS NULL
           RETURNING true""",
        session_id,
        spent,
        fresh,
    )
    return bool(done)


async def end_session(
    db: asyncpg.Pool | asyncpg.Connection, session_id: str, at: datetime, why: str
) -> None:
    """End a session (the first reason given is kept)."""
    await db.execute(
        """UPDATE sign_in_sessions SET ended_at = $2, ended_why = $3
           WHERE session_id = $1 AND ended_at IS NULL""",
        session_id,
        at,
        why,
    )


async def end_sessions_of(
    db: asyncpg.Pool | asyncpg.Connection, staff_id: str, at: datetime, why: str
) -> None:
    """End every open session of a staff member."""
    await db.execute(
        """UPDATE sign_in_sessions SET ended_at = $2, ended_why = $3
           WHERE staff_id = $1 AND ended_at IS NULL""",
        staff_id,
        at,
        why,
    )
