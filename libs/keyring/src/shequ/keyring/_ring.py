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
from collections.abc import Iterable, Mapping
from typing import Any

import asyncpg

from shequ.contracts import Conflict
from shequ.contracts.messages import N_
from shequ.contracts.personal import SEALED
from shequ.keyring import _crypto

log = logging.getLogger(__name__)

KEEP_SECONDS = 60.0

SCHEMA_SQL = """
CREATE SCHEMA IF NOT EXISTS keyring;
CREATE TABLE IF NOT EXISTS keyring.subject_keys (
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


class KeyRing:
    """Data keys of subjects: made, fetched (cached), destroyed; and search digests.

    One ring per key table and master key serves a whole process (:func:`shared`):
    the runtimes in it share its cache, so an erasure is seen by all of them at
    once. Its connections are per event loop (a test runs services on several).
    """

    def __init__(self, dsn: str, master: bytes, *, role: str | None = None) -> None:
        self._dsn = dsn
        self._role = role
        self._master = master
        self._search = _crypto.search_key(master)
        # subject -> (data key, or None once destroyed; when fetched)
        self._keys: dict[str, tuple[bytes | None, float]] = {}
        self._pools: dict[asyncio.AbstractEventLoop, tuple[asyncpg.Pool, int]] = {}
        self._migrated = False

    async def attach(self) -> None:
        """Open (or share) this event loop's connections; :meth:`detach` when done."""
        if not self._migrated:
            await migrate(self._dsn, self._role)
            self._migrated = True
        loop = asyncio.get_running_loop()
        pool, users = self._pools.get(loop, (None, 0))
        if pool is None:
            settings = {"role": self._role} if self._role else {}
            pool = await asyncpg.create_pool(
                self._dsn, min_size=1, max_size=4, server_settings=settings
            )
        self._pools[loop] = (pool, users + 1)

    async def detach(self) -> None:
        loop = asyncio.get_running_loop()
        pool, users = self._pools[loop]
        if users > 1:
            self._pools[loop] = (pool, users - 1)
            return
        del self._pools[loop]
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
            new = {s: _crypto.wrap(self._master, s, os.urandom(32)) for s in missing}
            await self.pool.execute(
                """INSERT INTO keyring.subject_keys (subject, wrapped)
                   SELECT * FROM unnest($1::text[], $2::bytea[])
                   ON CONFLICT (subject) DO NOTHING""",
                list(new),
                list(new.values()),
            )
            # Another writer may have made a subject's key first: read what holds.
            await self._fetch(missing)
            for subject in missing:
                key = self._keys[subject][0]
                if key is None:
                    raise SubjectErased(subject)
                keys[subject] = key
        return keys

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
            "SELECT subject, wrapped FROM keyring.subject_keys WHERE subject = ANY($1)",
            subjects,
        )
        now = time.monotonic()
        found = {row["subject"]: row["wrapped"] for row in rows}
        for subject in subjects:
            wrapped = found.get(subject)
            # No row at all reads as erased: the keys are gone, the history is not.
            key = (
                None
                if wrapped is None
                else _crypto.unwrap(self._master, subject, wrapped)
            )
            self._keys[subject] = (key, now)

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

        Returns how many keys were destroyed now. Idempotent. The old row versions
        are then vacuumed away, so the key bytes do not linger in the table's pages.
        """
        names = sorted(set(subjects))
        if not names:
            return 0
        destroyed = await self.pool.fetchval(
            """WITH gone AS (
                   INSERT INTO keyring.subject_keys (subject, wrapped, erased_at)
                   SELECT s, NULL, now() FROM unnest($1::text[]) AS s
                   ON CONFLICT (subject) DO UPDATE
                       SET wrapped = NULL, erased_at = now()
                       WHERE keyring.subject_keys.wrapped IS NOT NULL
                   RETURNING 1)
               SELECT count(*) FROM gone""",
            names,
        )
        now = time.monotonic()
        for subject in names:
            self._keys[subject] = (None, now)
        with contextlib.suppress(asyncpg.PostgresError):
            await self.pool.execute("VACUUM keyring.subject_keys")
        return int(destroyed)

    async def erased(self, subjects: Iterable[str]) -> set[str]:
        """Which of ``subjects`` have had their keys destroyed."""
        rows = await self.pool.fetch(
            """SELECT subject FROM keyring.subject_keys
               WHERE subject = ANY($1) AND wrapped IS NULL""",
            sorted(set(subjects)),
        )
        return {row["subject"] for row in rows}


async def migrate(dsn: str, role: str | None = None) -> None:
    """Create the key table (once, under a lock) and let ``role`` use it."""
    conn = await asyncpg.connect(dsn)
    try:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext('keyring'))")
            await conn.execute(SCHEMA_SQL)
            if role:
                ident = '"' + role.replace('"', '""') + '"'
                await conn.execute(
                    f"""GRANT USAGE ON SCHEMA keyring TO {ident};
                        GRANT SELECT, INSERT, UPDATE ON keyring.subject_keys
                            TO {ident}"""
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
