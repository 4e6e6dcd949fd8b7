"""Uniqueness the registry must hold at once, not eventually (唯一性约束).

A projection lags its events, so it cannot stop two clerks registering the same ID
number in the same second. These small tables are written in the same transaction as
the command's events: the first commit wins, the second gets a conflict naming the
file that already holds the number
(see test_the_same_id_number_never_becomes_two_people). The same holds for household
membership (一人一户), logins, and the password hashes kept beside them (never events).

Document numbers are claimed by their keyed digest, never in clear (#22); an erased
person's claim is released, so the number can open a new file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import asyncpg

from shequ.contracts import Conflict, Event
from shequ.contracts.messages import N_
from shequ.contracts.registry import (
    HouseholdMemberAdded,
    HouseholdMemberRemoved,
    HouseholdRegistered,
)
from shequ.eventstore import EventStore, Migration
from shequ.keyring import KeyRing
from shequ.registry.domain.household_errors import MemberOfAnotherHousehold
from shequ.service.people import document_digest

GUARD_MIGRATIONS = [
    Migration(
        "registry-guards",
        1,
        """CREATE TABLE IF NOT EXISTS person_documents (
               document_kind   text NOT NULL,
               document_number text NOT NULL,
               person_id       text NOT NULL,
               PRIMARY KEY (document_kind, document_number));
           CREATE TABLE IF NOT EXISTS household_membership (
               person_id    text PRIMARY KEY,
               household_id text NOT NULL);
           CREATE TABLE IF NOT EXISTS staff_logins (
               login    text PRIMARY KEY,
               staff_id text NOT NULL UNIQUE);
           CREATE TABLE IF NOT EXISTS staff_credentials (
               staff_id      text PRIMARY KEY,
               password_hash text NOT NULL,
               changed_at    timestamptz NOT NULL DEFAULT now());""",
    ),
    # Claims by digest (#22). SQL cannot digest the clear numbers claimed before, so
    # they go; rebuilding registry-directory claims every file's number again (its
    # persons applier), which an upgrade does next.
    Migration(
        "registry-guards",
        2,
        """DELETE FROM person_documents;
           ALTER TABLE person_documents
               DROP CONSTRAINT IF EXISTS person_documents_pkey,
               DROP COLUMN IF EXISTS document_number,
               ADD COLUMN IF NOT EXISTS document_digest bytea NOT NULL,
               ADD PRIMARY KEY (document_kind, document_digest);
           CREATE INDEX IF NOT EXISTS person_documents_person
               ON person_documents (person_id);""",
    ),
]


def keyring_of(store: EventStore) -> KeyRing:
    """The store's key ring: its digests stand for numbers in the registry's tables."""
    if store.keyring is None:
        raise RuntimeError("the registry keeps numbers as digests: it needs a keyring")
    return store.keyring


class DocumentAlreadyRegistered(Conflict):
    """The document already belongs to a person file (HTTP 409 names that file)."""

    code = "document-already-registered"
    title = N_("Document already registered")

    def __init__(self, person_id: str) -> None:
        super().__init__(
            N_("this document already belongs to person file {person_id}"),
            field="document_number",
            person_id=person_id,
        )
        self.person_id = person_id


class DocumentHeldOutside(Conflict):
    """The same refusal for a clerk who may not see the holding file: no id given."""

    code = "document-already-registered"
    title = N_("Document already registered")

    def __init__(self) -> None:
        super().__init__(
            N_(
                "this document already belongs to a person file of an office outside"
                " yours: ask that office to move the person"
            ),
            field="document_number",
        )


async def claim_document(
    conn: asyncpg.Connection, keyring: KeyRing, kind: str, number: str, person_id: str
) -> None:
    """Reserve a document number for ``person_id``, or name who holds it."""
    holder = await conn.fetchval(
        """INSERT INTO person_documents (document_kind, document_digest, person_id)
           VALUES ($1, $2, $3)
           ON CONFLICT (document_kind, document_digest) DO UPDATE
           SET person_id = person_documents.person_id
           RETURNING person_id""",
        kind,
        document_digest(keyring, number),
        person_id,
    )
    if holder != person_id:
        raise DocumentAlreadyRegistered(holder)


async def document_holder(
    pool: asyncpg.Pool, keyring: KeyRing, kind: str, number: str
) -> str | None:
    """The person file that holds a document number, if any."""
    holder: str | None = await pool.fetchval(
        """SELECT person_id FROM person_documents
           WHERE document_kind = $1 AND document_digest = $2""",
        kind,
        document_digest(keyring, number),
    )
    return holder


async def claim_documents(
    conn: asyncpg.Connection, keyring: KeyRing, claims: Sequence[tuple[str, str, str]]
) -> set[str]:
    """Reserve many (kind, number, person id) at once; the person ids that got theirs.

    A number already claimed (by anyone) is left as it is, in one statement.
    """
    rows = await conn.fetch(
        """INSERT INTO person_documents (document_kind, document_digest, person_id)
           SELECT * FROM unnest($1::text[], $2::bytea[], $3::text[])
           ON CONFLICT DO NOTHING RETURNING person_id""",
        [kind for kind, _, _ in claims],
        [document_digest(keyring, number) for _, number, _ in claims],
        [person_id for _, _, person_id in claims],
    )
    return {row[0] for row in rows}


async def restore_claim(
    conn: asyncpg.Connection, kind: str, digest: bytes, person_id: str
) -> None:
    """Claim again what a file's registration claimed, unless someone holds it."""
    await conn.execute(
        """INSERT INTO person_documents (document_kind, document_digest, person_id)
           VALUES ($1, $2, $3) ON CONFLICT DO NOTHING""",
        kind,
        digest,
        person_id,
    )


async def release_documents(conn: asyncpg.Connection, person_id: str) -> None:
    """Free an erased person's document numbers: each may open a new file."""
    await conn.execute("DELETE FROM person_documents WHERE person_id = $1", person_id)


# Household membership: the decider is told a person's household (``member_of``) from
# this table, and the rows are written in the same transaction as the events. Two
# clerks adding one person to two households in the same second cannot both succeed:
# the second insert waits for the first, finds its row and the whole command rolls
# back naming that household
# (see test_two_clerks_adding_one_person_at_once_cannot_both_succeed).


async def household_of(
    db: asyncpg.Pool | asyncpg.Connection, person_id: str
) -> str | None:
    """The household a person belongs to now, from the guard table (never stale)."""
    found: str | None = await db.fetchval(
        "SELECT household_id FROM household_membership WHERE person_id = $1", person_id
    )
    return found


async def keep_membership(
    conn: asyncpg.Connection, household_id: str, event: Event
) -> None:
    """Claim or release the rows ``event`` implies, in the caller's transaction."""
    match event:
        case HouseholdRegistered():
            await _claim_member(
                conn, event.head_person_id, household_id, "head_person_id"
            )
        case HouseholdMemberAdded():
            await _claim_member(conn, event.person_id, household_id, "person_id")
        case HouseholdMemberRemoved():
            await conn.execute(
                """DELETE FROM household_membership
                   WHERE person_id = $1 AND household_id = $2""",
                event.person_id,
                household_id,
            )


async def _claim_member(
    conn: asyncpg.Connection, person_id: str, household_id: str, field: str
) -> None:
    # ON CONFLICT waits for a concurrent claim to commit, then names its household.
    holder = await conn.fetchval(
        """INSERT INTO household_membership VALUES ($1, $2)
           ON CONFLICT (person_id) DO UPDATE
           SET household_id = household_membership.household_id
           RETURNING household_id""",
        person_id,
        household_id,
    )
    if holder != household_id:
        raise MemberOfAnotherHousehold(
            N_(
                "{person_id} already belongs to household {household_id}: remove them"
                " there first"
            ),
            field=field,
            person_id=person_id,
            household_id=holder,
        )


# Logins and password hashes: a login is claimed in ``staff_logins`` and the argon2
# hash stored in ``staff_credentials`` in the same transaction as ``StaffEnrolled``
# (see test_a_login_already_taken_is_refused_naming_it).


class LoginTaken(Conflict):
    code = "login-taken"
    title = N_("Login already taken")

    def __init__(self, login: str) -> None:
        super().__init__(
            N_("the login {login} is already taken"), field="login", login=repr(login)
        )


async def any_login(db: asyncpg.Pool | asyncpg.Connection) -> bool:
    """Whether any staff member was ever enrolled (a login claimed)."""
    return bool(await db.fetchval("SELECT EXISTS (SELECT FROM staff_logins)"))


async def claim_login(conn: asyncpg.Connection, login: str, staff_id: str) -> None:
    """Reserve ``login`` for ``staff_id``, or :class:`LoginTaken`."""
    holder = await conn.fetchval(
        """INSERT INTO staff_logins VALUES ($1, $2)
           ON CONFLICT (login) DO UPDATE SET staff_id = staff_logins.staff_id
           RETURNING staff_id""",
        login,
        staff_id,
    )
    if holder != staff_id:
        raise LoginTaken(login)


async def first_password(
    conn: asyncpg.Connection, staff_id: str, password_hash: str, now: datetime
) -> None:
    """A newly enrolled staff member's hash (a retried enrolment keeps the first)."""
    await conn.execute(
        """INSERT INTO staff_credentials VALUES ($1, $2, $3)
           ON CONFLICT (staff_id) DO NOTHING""",
        staff_id,
        password_hash,
        now,
    )


async def replace_password(
    db: asyncpg.Pool | asyncpg.Connection,
    staff_id: str,
    password_hash: str,
    now: datetime,
) -> None:
    """Replace a staff member's hash (or keep a first one)."""
    await db.execute(
        """INSERT INTO staff_credentials VALUES ($1, $2, $3)
           ON CONFLICT (staff_id) DO UPDATE
           SET password_hash = EXCLUDED.password_hash,
               changed_at = EXCLUDED.changed_at""",
        staff_id,
        password_hash,
        now,
    )


async def password_hash_of(
    db: asyncpg.Pool | asyncpg.Connection, staff_id: str
) -> str | None:
    """A staff member's current password hash, if they have one."""
    found: str | None = await db.fetchval(
        "SELECT password_hash FROM staff_credentials WHERE staff_id = $1", staff_id
    )
    return found


async def credentials_of_login(
    db: asyncpg.Pool | asyncpg.Connection, login: str
) -> tuple[str, str] | None:
    """(staff id, password hash) of a login, if the login exists."""
    row = await db.fetchrow(
        """SELECT staff_id, password_hash FROM staff_logins
           JOIN staff_credentials USING (staff_id) WHERE login = $1""",
        login,
    )
    return None if row is None else (row["staff_id"], row["password_hash"])


async def lock_district_staff(conn: asyncpg.Connection, district: str) -> None:
    """Serialise, until the transaction ends, changes that take roles in a district.

    Two administrators demoting each other at once would each see the other still
    in office and leave the district with none; under this lock the second sees the
    first's change (see test_the_last_district_administrator_keeps_the_role).
    """
    await conn.execute(
        "SELECT pg_advisory_xact_lock(hashtext($1))", f"registry-staff:{district}"
    )
