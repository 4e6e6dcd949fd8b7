"""Staff members and their signed tokens, for tests of anything behind sign-in.

One signing key per test run: an app under test verifies with :data:`PUBLIC_KEY`,
and :func:`bearer` signs with the matching private key.
"""

from __future__ import annotations

from datetime import datetime

from shequ.access import Actor, OfficeCode, Role, TokenIssuer, generate_signing_key

PRIVATE_KEY, PUBLIC_KEY = generate_signing_key()
ISSUER = TokenIssuer(PRIVATE_KEY)
DISTRICT = OfficeCode("441900000000")


def staff(*roles: Role, office: str = DISTRICT, staff_id: str = "staff-1") -> Actor:
    """A staff member of ``office`` holding ``roles``."""
    return Actor(staff_id=staff_id, office=OfficeCode(office), roles=frozenset(roles))


def bearer(actor: Actor, now: datetime) -> dict[str, str]:
    """The ``Authorization`` header of a token issued to ``actor`` at ``now``."""
    return {"Authorization": f"Bearer {ISSUER.issue(actor, now)}"}
