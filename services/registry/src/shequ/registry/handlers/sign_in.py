"""Sign-in (登录): a password checked against its argon2 hash buys a short-lived token.

An unknown login and a wrong password get the same answer after the same work (a
dummy hash is verified for an unknown login), so neither the message nor the time
tells a caller which logins exist
(see test_a_wrong_password_and_an_unknown_login_get_the_same_answer).

Deactivation stops tokens already issued: the verifier asks ``shequ.service``'s
:class:`InactiveStaff`, filled here from the registry's own staff directory (other
services fill theirs from its events). The instance that deactivates someone adds them
at once; every instance refreshes the set every few seconds, so other instances refuse
the token within that interval plus the projection's lag
(see test_a_token_issued_before_deactivation_is_refused_after).
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass

import jwt

from shequ.access import Actor, NotAuthenticated, TokenVerifier
from shequ.registry.handlers.staff import HASHER, current, verify_password
from shequ.registry.readmodels.directory.staff import inactive_staff
from shequ.registry.readmodels.guards import credentials_of_login
from shequ.service import InactiveStaff, Runtime

WRONG = "login or password is wrong"


@dataclass(frozen=True)
class SignedIn:
    token: str
    expires_in: int  # seconds
    actor: Actor


async def sign_in(runtime: Runtime, login: str, password: str) -> SignedIn:
    """A token for the staff member whose login and password these are."""
    if runtime.issuer is None:
        raise RuntimeError("this registry has no signing key: it cannot sign anyone in")
    found = await credentials_of_login(runtime.pool, login.strip())
    stored = found[1] if found else _dummy_hash()
    if not await asyncio.to_thread(verify_password, stored, password) or not found:
        raise NotAuthenticated(WRONG)
    member = await current(runtime.store, found[0])
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


class StaffTokenVerifier(TokenVerifier):
    """A token verifier that also refuses staff deactivated since the token."""

    def __init__(self, public_pem: str, inactive: InactiveStaff) -> None:
        super().__init__(public_pem, is_active=inactive.is_active)
        self.inactive = inactive


async def refuse_tokens_of_inactive_staff(runtime: Runtime) -> None:
    """Give the runtime a verifier that asks :class:`InactiveStaff`, kept fresh."""
    if runtime.settings.token_public_key is None:
        return
    inactive = InactiveStaff(lambda: inactive_staff(runtime.pool))
    await inactive.refresh()
    runtime.verifier = StaffTokenVerifier(runtime.settings.token_public_key, inactive)
    # The runtime stops and awaits its tasks on shutdown, as it does the relay's.
    following = inactive.follow(runtime._stop)
    runtime._tasks.append(asyncio.create_task(following))


def deactivated(runtime: Runtime, staff_id: str) -> None:
    """Refuse ``staff_id``'s tokens in this process at once."""
    if isinstance(runtime.verifier, StaffTokenVerifier):
        runtime.verifier.inactive.add(staff_id)
