"""The key table (密钥表): one data key per data subject, wrapped by the master key.

The table lives apart from every event store (schema ``keyring``; in deploy/ its own
database), so a dump of the stores holds only ciphertext. A key is made when a subject's
first personal data is written and destroyed when the subject is erased: its row keeps
the subject and when it was erased, so nothing new is ever sealed for that subject
again. Keys read are kept in memory for :data:`KEEP_SECONDS`; an erasure made by
another process therefore reaches this one's reads within that time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any

import asyncpg

from shequ.contracts import Conflict
from shequ.contracts.messages import N_
from shequ.contracts.personal import SEALED
from shequ.keyring import _crypto

log = logging.getLogger(__name__)

KEEP_SECONDS = 60.0

SCHEMA = "keyring"

SCHEMA_SQL = """
CREATE SCHEMA IF NOT EXISTS {schema};
CREATE TABLE IF NOT EXISTS {schema}.subject_keys (
    subject    text        PRIMARY KEY,
    -- The data key under the master key; NULL once destroyed (crypto-shredding).
    wrapped    bytea,
    created_at timestamptz NOT NULL DEFAULT now(),
    erased_at  timestamptz,
    CHECK ((wrapped IS NULL) = (erased_at IS NOT NULL))
);
"""


class SubjectErased(Conflict):
    """Personal data of an erased subject cannot be written again (HTTP 409)."""

    code = "subject-erased"
    title = N_("This person's personal data was erased")

    def __init__(self, subject: str) -> None:
        super().__init__(
            N_("the personal data of {subject} was erased; none can be recorded again"),
            subject=subject,
        )
        self.subject = subject


class KeysNotPrepared(RuntimeError):
    """A sealed payload was opened before its subject's key was fetched (a bug)."""


class _Rounds:
    """Keys asked for at once by concurrent appends, made together (group commit).

    Making a key is an INSERT and a commit, with its WAL flush, on the path of every
    registration; alone, each cost a fifth of the append rate (bench personal (a)).
    Subjects asked for while a round is in flight go together in the next.
    """

    def __init__(self, make: Callable[[list[str]], Awaitable[None]]) -> None:
        self._make = make
        self._queued: set[str] = set()
        self._next: asyncio.Future[None] | None = None
        self._task: asyncio.Task[None] | None = None

    async def join(self, subjects: Iterable[str]) -> None:
        """Return once a round has made (or found) the keys of ``subjects``."""
        self._queued.update(subjects)
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
        mine = self._next
        if self._task is None:
            self._task = asyncio.create_task(self._run())
        await asyncio.shield(mine)

    async def _run(self) -> None:
        try:
            while self._next is not None:
                subjects, done = sorted(self._queued), self._next
                self._queued, self._next = set(), None
                try:
                    await self._make(subjects)
                except Exception as error:  # each waiter raises it as its own
                    done.set_exception(error)
                else:
                    done.set_result(None)
        finally:
            self._task = None


async def _keep_session(_conn: asyncpg.Connection) -> None:
    return None


class KeyRing:
    """Data keys of subjects: made, fetched (cached), destroyed; and search digests.

    One ring per key table and master key serves a whole process (:func:`shared`):
    the runtimes in it share its cache, so an erasure is seen by all of them at
    once. Its connections are per event loop (a test runs services on several).
    """

    def __init__(
        self, dsn: str, master: bytes, *, role: str | None = None, schema: str = SCHEMA
    ) -> None:
        self._dsn = dsn
        self._role = role
        self._schema = schema
        # The table's name, quoted; another schema keeps a test's keys to itself.
        self._table = f"{_ident(schema)}.subject_keys"
        self._master = master
        self._search = _crypto.search_key(master)
        # subject -> (data key, or None once destroyed; when fetched)
        self._keys: dict[str, tuple[bytes | None, float]] = {}
        self._pools: dict[asyncio.AbstractEventLoop, tuple[asyncpg.Pool, int]] = {}
        self._rounds: dict[asyncio.AbstractEventLoop, _Rounds] = {}
        self._migrated = False

    async def attach(self) -> None:
        """Open (or share) this event loop's connections; :meth:`detach` when done."""
        if not self._migrated:
            await migrate(self._dsn, self._role, schema=self._schema)
            self._migrated = True
        loop = asyncio.get_running_loop()
        pool, users = self._pools.get(loop, (None, 0))
        if pool is None:
            settings = {"role": self._role} if self._role else {}
            # No reset query on release: the ring keeps no session state (no
            # LISTEN, SET or session lock), and the round trip was one more per
            # registration (bench (c2)), as the store's pool found (eventstore).
            pool = await asyncpg.create_pool(
                self._dsn,
                min_size=1,
                max_size=4,
                server_settings=settings,
                reset=_keep_session,
            )
        self._pools[loop] = (pool, users + 1)

    async def detach(self) -> None:
        loop = asyncio.get_running_loop()
        pool, users = self._pools[loop]
        if users > 1:
            self._pools[loop] = (pool, users - 1)
            return
        del self._pools[loop]
        self._rounds.pop(loop, None)
        await pool.close()

    @property
    def pool(self) -> asyncpg.Pool:
        try:
            return self._pools[asyncio.get_running_loop()][0]
        except KeyError:
            raise RuntimeError("the keyring is not attached on this loop") from None

    # -- writing ---------------------------------------------------------------

    async def keys_for_writing(self, subjects: Iterable[str]) -> dict[str, bytes]:
        """Each subject's data key, made now for a subject that has none.

        Raises :class:`SubjectErased` for a subject whose key was destroyed.
        """
        wanted = set(subjects)
        keys = {s: k for s in wanted if (k := self._fresh(s)) is not None}
        missing = sorted(wanted - keys.keys())
        if missing:
            loop = asyncio.get_running_loop()
            rounds = self._rounds.get(loop)
            if rounds is None:
                rounds = self._rounds[loop] = _Rounds(self._make)
            await rounds.join(missing)
            for subject in missing:
                key = self._keys[subject][0]
                if key is None:
                    raise SubjectErased(subject)
                keys[subject] = key
        return keys

    async def _make(self, subjects: list[str]) -> None:
        """Make the keys of ``subjects`` that have none; cache what each now holds.

        One statement for the subjects of every append waiting (:class:`_Rounds`),
        as it is on the path of each registration (bench personal (a)).
        """
        made = {s: os.urandom(32) for s in subjects}
        wrapped = [_crypto.wrap(self._master, s, made[s]) for s in subjects]
        rows = await self.pool.fetch(
            f"""WITH made AS (
                    INSERT INTO {self._table} (subject, wrapped)
                    SELECT * FROM unnest($1::text[], $2::bytea[])
                    ON CONFLICT (subject) DO NOTHING
                    RETURNING subject)
                SELECT subject, NULL::bytea AS wrapped, true AS ours FROM made
                UNION ALL
                -- The statement's snapshot: rows it inserts are not seen here.
                SELECT subject, wrapped, false FROM {self._table}
                WHERE subject = ANY($1)""",
            subjects,
            wrapped,
        )
        now = time.monotonic()
        for row in rows:
            subject = row["subject"]
            if row["ours"]:
                self._keys[subject] = (made[subject], now)
            else:
                self._keys[subject] = (self._unwrapped(subject, row["wrapped"]), now)
        # A key another writer made and committed after this statement began is
        # neither made nor seen by it: read it now.
        if unseen := sorted(set(subjects) - {row["subject"] for row in rows}):
            await self._fetch(unseen)

    def _fresh(self, subject: str) -> bytes | None:
        entry = self._keys.get(subject)
        if entry is None or entry[0] is None:
            return None
        return entry[0] if time.monotonic() - entry[1] < KEEP_SECONDS else None

    # -- reading ---------------------------------------------------------------

    async def prepare(self, payloads: Iterable[Mapping[str, Any]]) -> None:
        """Fetch, in one query, the keys of the subjects of these sealed payloads."""
        now = time.monotonic()
        stale = {
            sealed["subject"]
            for payload in payloads
            if (sealed := payload.get(SEALED)) is not None
            and now - self._keys.get(sealed["subject"], (None, -KEEP_SECONDS))[1]
            >= KEEP_SECONDS
        }
        if stale:
            await self._fetch(sorted(stale))

    async def prepare_subjects(self, subjects: Iterable[str]) -> None:
        await self.prepare({SEALED: {"subject": s}} for s in subjects)

    async def _fetch(self, subjects: list[str]) -> None:
        rows = await self.pool.fetch(
            f"SELECT subject, wrapped FROM {self._table} WHERE subject = ANY($1)",
            subjects,
        )
        now = time.monotonic()
        found = {row["subject"]: row["wrapped"] for row in rows}
        for subject in subjects:
            # No row at all reads as erased: the keys are gone, the history is not.
            self._keys[subject] = (self._unwrapped(subject, found.get(subject)), now)

    def _unwrapped(self, subject: str, wrapped: bytes | None) -> bytes | None:
        """A subject's data key from its row (None: destroyed)."""
        return (
            None if wrapped is None else _crypto.unwrap(self._master, subject, wrapped)
        )

    def key(self, subject: str) -> bytes | None:
        """A prepared subject's data key, None if destroyed."""
        try:
            return self._keys[subject][0]
        except KeyError:
            raise KeysNotPrepared(f"the key of {subject} was not fetched") from None

    def open(
        self, event_type: str, payload: Mapping[str, Any], erased: Mapping[str, object]
    ) -> dict[str, Any]:
        """A sealed payload opened (erased values when its subject's key is gone)."""
        key = self.key(payload[SEALED]["subject"])
        return _crypto.open_payload(
            payload, event_type=event_type, key=key, erased=erased
        )

    def erased_now(self, subjects: Iterable[str]) -> None:
        """Read these subjects as erased, whatever the key table says for now.

        Their erasure event was seen; the key's destruction may lag it by a moment.
        After :data:`KEEP_SECONDS` the table is asked again (by then it agrees).
        """
        now = time.monotonic()
        for subject in subjects:
            self._keys[subject] = (None, now)

    def is_erased(self, subject: str) -> bool:
        """Whether a prepared subject's key was destroyed."""
        return self.key(subject) is None

    # -- read models: one value sealed, keyed digests -------------------------

    async def seal_text(self, subject: str, text: str) -> str:
        key = (await self.keys_for_writing([subject]))[subject]
        return _crypto.seal_text(key, subject, text)

    def open_text(self, subject: str, sealed: str) -> str | None:
        """A prepared subject's sealed value, None if the subject was erased."""
        key = self.key(subject)
        return None if key is None else _crypto.open_text(key, subject, sealed)

    def digest(self, kind: str, value: str) -> bytes:
        """The keyed hash a read model indexes for exact search (see _crypto.digest)."""
        return _crypto.digest(self._search, kind, value)

    # -- erasure ----------------------------------------------------------------

    async def erase(self, subjects: Iterable[str]) -> int:
        """Destroy the subjects' keys (a subject without one gets a tombstone).

        Returns how many subjects were erased now (a key destroyed or a tombstone
        laid); 0 when all already were. Idempotent. The old row versions
        are then vacuumed away, so the key bytes do not linger in the table's pages.
        """
        names = sorted(set(subjects))
        if not names:
            return 0
        destroyed = await self.pool.fetchval(
            f"""WITH gone AS (
                   INSERT INTO {self._table} (subject, wrapped, erased_at)
                   SELECT s, NULL, now() FROM unnest($1::text[]) AS s
                   ON CONFLICT (subject) DO UPDATE
                       SET wrapped = NULL, erased_at = now()
                       WHERE {self._table}.wrapped IS NOT NULL
                   RETURNING 1)
               SELECT count(*) FROM gone""",
            names,
        )
        now = time.monotonic()
        for subject in names:
            self._keys[subject] = (None, now)
        with contextlib.suppress(asyncpg.PostgresError):
            await self.pool.execute(f"VACUUM {self._table}")
        return int(destroyed)

    async def erased(self, subjects: Iterable[str]) -> set[str]:
        """Which of ``subjects`` have had their keys destroyed."""
        rows = await self.pool.fetch(
            f"""SELECT subject FROM {self._table}
               WHERE subject = ANY($1) AND wrapped IS NULL""",
            sorted(set(subjects)),
        )
        return {row["subject"] for row in rows}


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def migrate(dsn: str, role: str | None = None, *, schema: str = SCHEMA) -> None:
    """Create the key table (once, under a lock) and let ``role`` use it."""
    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", schema)
            await conn.execute(SCHEMA_SQL.format(schema=_ident(schema)))
            if role:
                await conn.execute(
                    f"""GRANT USAGE ON SCHEMA {_ident(schema)} TO {_ident(role)};
                        GRANT SELECT, INSERT, UPDATE ON {_ident(schema)}.subject_keys
                            TO {_ident(role)}"""
                )
    finally:
        await conn.close()


_SHARED: dict[tuple[str, bytes, str | None], KeyRing] = {}


def shared(dsn: str, master_key: str, *, role: str | None = None) -> KeyRing:
    """The ring of this process for the key table at ``dsn`` under ``master_key``."""
    master = _crypto.master_key(master_key)
    ring = _SHARED.get((dsn, master, role))
    if ring is None:
        ring = _SHARED[dsn, master, role] = KeyRing(dsn, master, role=role)
    return ring
