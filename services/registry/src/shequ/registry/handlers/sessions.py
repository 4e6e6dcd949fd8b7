"""Staying signed in (保持登录): a short access token, renewed by a refresh token.

Sign-in gives an access token (``TokenIssuer``'s lifetime, half an hour) and a refresh
token good for one working day (``SESSION_LIFETIME``, counted from sign-in and never
extended). Each refresh spends its token and answers a new pair; a token spent once
and shown again means it was copied, so the whole session ends and both holders sign
in again (see test_a_refresh_token_used_twice_ends_the_session). A refresh reads the
staff member's stream, not a projection: a staff member deactivated, or whose roles
changed since sign-in, is refused at once and the session ended
(see test_a_deactivated_staff_member_cannot_refresh). Sign-out ends the session; the
access token already issued lapses within its half hour.

A refresh token is ``<session id>.<secret>``: the id finds the session, and only the
SHA-256 of the secret is stored (readmodels/sessions.py).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

import jwt

from shequ.access import Actor, NotAuthenticated
from shequ.contracts.messages import N_, Msg
from shequ.registry.handlers.staff import current
from shequ.registry.readmodels.sessions import (
    Session,
    begin_session,
    end_session,
    rotate,
    session_of,
)
from shequ.service import Runtime

SESSION_LIFETIME = timedelta(hours=10)
NOT_VALID = N_("the refresh token is not valid: sign in again")
REUSED = N_("this refresh token was already used: the sign-in has ended, sign in again")


@dataclass(frozen=True)
class SignedIn:
    """An access token and its lifetime, the refresh token and its, and who."""

    token: str
    expires_in: int  # seconds
    refresh_token: str
    refresh_expires_in: int  # seconds
    actor: Actor


def _new_secret() -> tuple[str, bytes]:
    secret = secrets.token_urlsafe(32)
    return secret, _digest(secret)


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


async def begin(runtime: Runtime, actor: Actor) -> SignedIn:
    """Tokens for ``actor``, just signed in, and the session that renews them."""
    now = runtime.clock()
    session_id = secrets.token_hex(16)
    secret, digest = _new_secret()
    session = Session(
        session_id=session_id,
        staff_id=actor.staff_id,
        roles=frozenset(actor.roles),
        token_hash=digest,
        expires_at=now + SESSION_LIFETIME,
        ended_at=None,
        ended_why=None,
    )
    await begin_session(runtime.pool, session, now)
    return _signed(runtime, actor, session, f"{session_id}.{secret}")


async def refresh(runtime: Runtime, refresh_token: str) -> SignedIn:
    """A new access token and a new refresh token for a session still open.

    Raises :class:`NotAuthenticated` when the token is unknown or spent, the session
    ended or lapsed, or its staff member was deactivated or given other roles.
    """
    now = runtime.clock()
    session, digest = await _session(runtime, refresh_token)
    if session.ended_at is not None:
        raise NotAuthenticated(N_("this sign-in has ended: sign in again"))
    if now >= session.expires_at:
        raise NotAuthenticated(
            N_("this sign-in has lapsed after a working day: sign in")
        )
    member = await current(runtime.store, session.staff_id)
    refusal: Msg | None = None
    if not hmac.compare_digest(digest, session.token_hash):
        # Spent before: a copy of it is in use, by its holder or by a thief.
        refusal = REUSED
    elif member.status != "active":
        refusal = N_("staff {staff_id} is no longer active")
    elif frozenset(member.roles) != session.roles:
        refusal = N_("the roles of staff {staff_id} changed: sign in again")
    secret, fresh = _new_secret()
    if refusal is None and not await rotate(
        runtime.pool, session.session_id, digest, fresh
    ):
        refusal = REUSED  # spent a moment ago by a refresh racing this one
    if refusal is not None:
        ended = NotAuthenticated(refusal, staff_id=member.staff_id)
        await end_session(runtime.pool, session.session_id, now, ended.reason)
        raise ended
    actor = Actor(staff_id=member.staff_id, office=member.office, roles=member.roles)
    return _signed(runtime, actor, session, f"{session.session_id}.{secret}")


async def sign_out(runtime: Runtime, refresh_token: str) -> None:
    """End the session the token belongs to (a spent token of it will do)."""
    session, _ = await _session(runtime, refresh_token)
    await end_session(runtime.pool, session.session_id, runtime.clock(), "signed out")


async def _session(runtime: Runtime, refresh_token: str) -> tuple[Session, bytes]:
    """The token's session and the digest of its secret (not yet compared)."""
    session_id, _, secret = refresh_token.partition(".")
    session = await session_of(runtime.pool, session_id) if secret else None
    if session is None:
        raise NotAuthenticated(NOT_VALID)
    return session, _digest(secret)


def _signed(
    runtime: Runtime, actor: Actor, session: Session, refresh_token: str
) -> SignedIn:
    assert runtime.issuer is not None
    now = runtime.clock()
    token = runtime.issuer.issue(actor, now)
    # The registry signed this token a moment ago; only its lifetime is read back.
    claims = jwt.decode(token, options={"verify_signature": False})
    return SignedIn(
        token=token,
        expires_in=claims["exp"] - claims["iat"],
        refresh_token=refresh_token,
        refresh_expires_in=int((session.expires_at - now).total_seconds()),
        actor=actor,
    )
