"""Sign-in (登录): a password checked against its argon2 hash buys a short-lived token.

An unknown login and a wrong password get the same answer after the same work (a
dummy hash is verified for an unknown login), so neither the message nor the time
tells a caller which logins exist
(see test_a_wrong_password_and_an_unknown_login_get_the_same_answer).

Deactivation stops tokens already issued: :class:`InactiveStaff` is the verifier's
``is_active`` check. It must answer synchronously, so it asks an in-memory set: the
instance that deactivates someone adds them at once, and every instance refreshes the
set from the directory every ``REFRESH`` seconds, so other instances refuse the token
within that interval plus the projection's lag. Deactivation is final (the decider has
no reactivation), so the set only grows and a refresh from a lagging directory can
never re-admit anyone (see test_a_token_issued_before_deactivation_is_refused_after).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from dataclasses import dataclass

import asyncpg
import jwt

from shequ.access import Actor, NotAuthenticated, TokenVerifier
from shequ.registry.directory.staff import inactive_staff
from shequ.registry.handlers.staff import HASHER, current, verify_password
from shequ.service import Runtime

REFRESH = 5.0
WRONG = "login or password is wrong"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignedIn:
    token: str
    expires_in: int  # seconds
    actor: Actor


async def sign_in(runtime: Runtime, login: str, password: str) -> SignedIn:
    """A token for the staff member whose login and password these are."""
    if runtime.issuer is None:
        raise RuntimeError("this registry has no signing key: it cannot sign anyone in")
    row = await runtime.pool.fetchrow(
        """SELECT staff_id, password_hash FROM staff_logins
           JOIN staff_credentials USING (staff_id) WHERE login = $1""",
        login.strip(),
    )
    stored = row["password_hash"] if row else _dummy_hash()
    if not await asyncio.to_thread(verify_password, stored, password) or row is None:
        raise NotAuthenticated(WRONG)
    member = await current(runtime.store, row["staff_id"])
    if member.status != "active":
        raise NotAuthenticated(f"staff {member.staff_id} is no longer active")
    actor = Actor(staff_id=member.staff_id, office=member.office, roles=member.roles)
    token = runtime.issuer.issue(actor, runtime.clock())
    # The registry signed this token a moment ago; only its lifetime is read back.
    claims = jwt.decode(token, options={"verify_signature": False})
    return SignedIn(token, claims["exp"] - claims["iat"], actor)


@functools.cache
def _dummy_hash() -> str:
    return HASHER.hash("no such login: the same work as a real one")


class InactiveStaff:
    """The deactivated staff ids this process knows of; ``is_active`` asks it."""

    def __init__(self) -> None:
        self._ids: set[str] = set()

    def is_active(self, staff_id: str) -> bool:
        return staff_id not in self._ids

    def add(self, staff_id: str) -> None:
        self._ids.add(staff_id)

    async def refresh(self, pool: asyncpg.Pool) -> None:
        self._ids |= await inactive_staff(pool)

    async def follow(self, pool: asyncpg.Pool, stop: asyncio.Event) -> None:
        """Refresh every ``REFRESH`` seconds until ``stop`` is set."""
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), REFRESH)
                return
            try:
                await self.refresh(pool)
            except (OSError, asyncpg.PostgresError):
                log.warning("could not refresh inactive staff; retrying", exc_info=True)


class StaffTokenVerifier(TokenVerifier):
    """A token verifier that also refuses staff deactivated since the token."""

    def __init__(self, public_pem: str, inactive: InactiveStaff) -> None:
        super().__init__(public_pem, is_active=inactive.is_active)
        self.inactive = inactive


async def refuse_tokens_of_inactive_staff(runtime: Runtime) -> None:
    """Give the runtime a verifier that asks :class:`InactiveStaff`, kept fresh."""
    if runtime.settings.token_public_key is None:
        return
    inactive = InactiveStaff()
    await inactive.refresh(runtime.pool)
    runtime.verifier = StaffTokenVerifier(runtime.settings.token_public_key, inactive)
    # The runtime stops and awaits its tasks on shutdown, as it does the relay's.
    following = inactive.follow(runtime.pool, runtime._stop)
    runtime._tasks.append(asyncio.create_task(following))


def deactivated(runtime: Runtime, staff_id: str) -> None:
    """Refuse ``staff_id``'s tokens in this process at once."""
    if isinstance(runtime.verifier, StaffTokenVerifier):
        runtime.verifier.inactive.add(staff_id)
