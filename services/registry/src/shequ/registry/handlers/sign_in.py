"""Sign-in (登录): a password checked against its argon2 hash buys a short-lived token.

An unknown login and a wrong password get the same answer after the same work (a
dummy hash is verified for an unknown login), so neither the message nor the time
tells a caller which logins exist
(see test_a_wrong_password_and_an_unknown_login_get_the_same_answer).

A deactivation or a change of roles stops tokens already issued: the registry follows
its own StaffDeactivated and StaffRolesChanged events as every service does
(``shequ.service``'s staff tokens); the instance that records the change refuses the
old tokens at once (handlers/staff.py), the others within a few seconds
(see test_a_token_issued_before_deactivation_is_refused_after and
test_a_demoted_worker_signs_in_again_and_gets_the_new_roles).
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass

import jwt

from shequ.access import Actor, NotAuthenticated
from shequ.registry.handlers.staff import HASHER, current, verify_password
from shequ.registry.readmodels.guards import credentials_of_login
from shequ.service import Runtime

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
