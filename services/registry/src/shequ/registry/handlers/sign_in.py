"""Sign-in (登录): a password checked against its argon2 hash buys a short-lived token.

With it comes a refresh token that renews it for a working day (handlers/sessions.py).

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

Guessing is throttled: an account may fail ``ACCOUNT_LIMIT`` times and a client
address ``ADDRESS_LIMIT`` times within ``WINDOW``; then sign-in answers
:class:`TooManySignIns` (429 with Retry-After) before any password is checked, until
the oldest failure leaves the window. A success clears the account's failures, not
the address's (see test_an_account_is_throttled_after_five_failures). Counted in each
process's memory (``shequ.service.Throttle``).
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass, field
from datetime import timedelta

from shequ.access import Actor, NotAuthenticated
from shequ.contracts.messages import N_, Msg, english
from shequ.registry.handlers.sessions import SignedIn, begin
from shequ.registry.handlers.staff import HASHER, current, verify_password
from shequ.registry.readmodels.guards import credentials_of_login
from shequ.service import Runtime, Throttle

WRONG = N_("login or password is wrong")
WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT, ADDRESS_LIMIT = 5, 20


@dataclass(frozen=True)
class SignInThrottles:
    """Failed sign-ins per account (login) and per client address."""

    account: Throttle = field(
        default_factory=lambda: Throttle(limit=ACCOUNT_LIMIT, window=WINDOW)
    )
    address: Throttle = field(
        default_factory=lambda: Throttle(limit=ADDRESS_LIMIT, window=WINDOW)
    )


class TooManySignIns(Exception):
    """Too many failed sign-ins of this account or from this address: wait."""

    def __init__(self, retry_after: int, what: Msg) -> None:
        self.template = N_(
            "too many failed sign-ins {what}: try again in {retry_after} seconds"
        )
        self.params = {"what": what, "retry_after": retry_after}
        super().__init__(english(self.template, self.params))
        self.retry_after = retry_after


def throttles(runtime: Runtime) -> SignInThrottles:
    """The registry process's sign-in throttles (made on first use)."""
    found = runtime.state.setdefault("sign-in-throttles", SignInThrottles())
    assert isinstance(found, SignInThrottles)
    return found


async def sign_in(
    runtime: Runtime, login: str, password: str, address: str | None = None
) -> SignedIn:
    """A token for the staff member whose login and password these are.

    ``address`` is the client's, for the per-address throttle.
    """
    if runtime.issuer is None:
        raise RuntimeError("this registry has no signing key: it cannot sign anyone in")
    login, now, limits = login.strip(), runtime.clock(), throttles(runtime)
    if wait := limits.account.wait(login, now):
        raise TooManySignIns(wait, N_("of this account"))
    if address is not None and (wait := limits.address.wait(address, now)):
        raise TooManySignIns(wait, N_("from this address"))
    try:
        signed = await _sign_in(runtime, login, password)
    except NotAuthenticated:
        limits.account.failed(login, now)
        if address is not None:
            limits.address.failed(address, now)
        raise
    limits.account.succeeded(login)
    return signed


async def _sign_in(runtime: Runtime, login: str, password: str) -> SignedIn:
    assert runtime.issuer is not None
    found = await credentials_of_login(runtime.pool, login)
    stored = found[1] if found else _dummy_hash()
    if not await asyncio.to_thread(verify_password, stored, password) or not found:
        raise NotAuthenticated(WRONG)
    member = await current(runtime.store, found[0])
    if member.status != "active":
        raise NotAuthenticated(
            N_("staff {staff_id} is no longer active"), staff_id=member.staff_id
        )
    actor = Actor(staff_id=member.staff_id, office=member.office, roles=member.roles)
    return await begin(runtime, actor)


@functools.cache
def _dummy_hash() -> str:
    return HASHER.hash("no such login: the same work as a real one")
