"""Signed access tokens: the registry issues them, every service verifies them.

Tokens are JWTs signed with Ed25519 (EdDSA), so services hold only the public key and
cannot mint tokens. Verification takes ``now`` from the caller instead of reading the
clock, so tests and frozen-clock services check expiry against the time they mean.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from pydantic import ValidationError

from shequ.access._actor import Actor
from shequ.access._errors import NotAuthenticated
from shequ.contracts.messages import N_

_ALGORITHM = "EdDSA"
_CLAIMS = ["sub", "office", "roles", "iat", "exp", "jti", "iss"]


def generate_signing_key() -> tuple[str, str]:
    """A fresh Ed25519 key pair: (private PKCS#8 PEM, public SPKI PEM)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private.decode(), public.decode()


def _seconds(now: datetime) -> int:
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return int(now.timestamp())


class TokenIssuer:
    """Signs tokens for actors; only the registry holds the private key."""

    def __init__(
        self,
        private_pem: str | bytes,
        *,
        issuer: str = "shequ-registry",
        ttl: timedelta = timedelta(minutes=30),
    ) -> None:
        pem = private_pem.encode() if isinstance(private_pem, str) else private_pem
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the signing key must be an Ed25519 private key")
        self._key = key
        self._issuer = issuer
        self._ttl = ttl

    def issue(self, actor: Actor, now: datetime) -> str:
        issued_at = _seconds(now)
        claims = {
            "sub": actor.staff_id,
            "office": str(actor.office),
            "roles": sorted(actor.roles),
            "iat": issued_at,
            "exp": issued_at + int(self._ttl.total_seconds()),
            "jti": uuid.uuid4().hex,
            "iss": self._issuer,
        }
        return jwt.encode(claims, self._key, algorithm=_ALGORITHM)


class TokenVerifier:
    """Turns a token into an ``Actor`` or raises ``NotAuthenticated`` saying why.

    ``leeway`` absorbs clock skew between the registry and a service. ``refusal``
    (staff id, issue time in seconds → why the token no longer holds, or None) is
    asked after the signature checks, so the unexpired tokens of a staff member
    deactivated or given other roles since stop working at once.
    """

    def __init__(
        self,
        public_pem: str | bytes,
        *,
        issuer: str = "shequ-registry",
        leeway: timedelta = timedelta(seconds=30),
        refusal: Callable[[str, int], str | None] | None = None,
    ) -> None:
        pem = public_pem.encode() if isinstance(public_pem, str) else public_pem
        key = serialization.load_pem_public_key(pem)
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the verifying key must be an Ed25519 public key")
        self._key = key
        self._issuer = issuer
        self._leeway = int(leeway.total_seconds())
        self._refusal = refusal
        # A staff member sends the same token with every request for hours; its
        # signature is checked once (a tenth of a request's CPU), the times always.
        self._checked: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def verify(self, token: str, now: datetime) -> Actor:
        claims = self._checked.get(token)
        if claims is None:
            claims = self._decode(token)
            self._checked[token] = claims
            if len(self._checked) > 10_000:
                self._checked.popitem(last=False)
        at = _seconds(now)
        if claims["exp"] + self._leeway <= at:
            raise NotAuthenticated(N_("token has expired"))
        if claims["iat"] - self._leeway > at:
            raise NotAuthenticated(N_("token was issued in the future"))
        try:
            actor = Actor(
                staff_id=claims["sub"], office=claims["office"], roles=claims["roles"]
            )
        except ValidationError as error:
            raise NotAuthenticated(N_("token claims are not a valid actor")) from error
        if self._refusal and (reason := self._refusal(actor.staff_id, claims["iat"])):
            raise NotAuthenticated(reason)
        return actor

    def _decode(self, token: str) -> dict[str, Any]:
        if not token:
            raise NotAuthenticated(N_("no token"))
        try:
            # Expiry and issue time are checked against the caller's ``now``, not
            # PyJWT's wall clock; integer types are still enforced below.
            claims: dict[str, Any] = jwt.decode(
                token,
                self._key,
                algorithms=[_ALGORITHM],
                issuer=self._issuer,
                options={"require": _CLAIMS, "verify_exp": False, "verify_iat": False},
            )
        except jwt.InvalidSignatureError as error:
            raise NotAuthenticated(N_("token signature does not verify")) from error
        except jwt.InvalidAlgorithmError as error:
            raise NotAuthenticated(N_("token is not signed with EdDSA")) from error
        except jwt.InvalidIssuerError as error:
            raise NotAuthenticated(
                N_("token was not issued by {issuer}"), issuer=self._issuer
            ) from error
        except jwt.MissingRequiredClaimError as error:
            raise NotAuthenticated(
                N_("token lacks the {claim} claim"), claim=error.claim
            ) from error
        except jwt.InvalidTokenError as error:
            raise NotAuthenticated(N_("token is malformed")) from error
        if not all(isinstance(claims[name], int) for name in ("iat", "exp")):
            raise NotAuthenticated(N_("token times are not integers"))
        return claims
