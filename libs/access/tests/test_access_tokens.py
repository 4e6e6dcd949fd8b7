import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from shequ.access import (
    NotAuthenticated,
    Role,
    TokenIssuer,
    TokenVerifier,
    generate_signing_key,
)
from shequ.testing.tokens import ISSUER, PUBLIC_KEY, staff

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
ACTOR = staff(
    Role.COMMUNITY_WORKER, Role.MEDIATOR, office="441900101001", staff_id="s-1"
)


def _refusal(
    token: str, verifier: TokenVerifier | None = None, now: datetime = T0
) -> str:
    with pytest.raises(NotAuthenticated) as caught:
        (verifier or TokenVerifier(PUBLIC_KEY)).verify(token, now)
    return caught.value.reason


def _token(now: datetime = T0) -> str:
    return ISSUER.issue(ACTOR, now)


def test_a_token_round_trips_to_the_same_actor() -> None:
    assert (
        TokenVerifier(PUBLIC_KEY).verify(_token(), T0 + timedelta(minutes=29)) == ACTOR
    )


def test_a_token_carries_the_documented_claims() -> None:
    claims = jwt.decode(_token(), options={"verify_signature": False})

    assert {k: v for k, v in claims.items() if k != "jti"} == {
        "sub": "s-1",
        "office": "441900101001",
        "roles": ["community_worker", "mediator"],
        "iat": int(T0.timestamp()),
        "exp": int(T0.timestamp()) + 1800,
        "iss": "shequ-registry",
    }


def test_an_expired_token_is_refused() -> None:
    assert _refusal(_token(), now=T0 + timedelta(minutes=31)) == "token has expired"


def test_a_token_from_the_future_is_refused() -> None:
    later = _token(now=T0 + timedelta(minutes=5))

    assert _refusal(later) == "token was issued in the future"


def test_a_token_signed_with_another_key_is_refused() -> None:
    other_private, _ = generate_signing_key()

    forged = TokenIssuer(other_private).issue(ACTOR, T0)

    assert _refusal(forged) == "token signature does not verify"


def test_a_tampered_token_is_refused() -> None:
    header, payload, signature = _token().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["office"] = "441900000000"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")

    assert _refusal(f"{header}.{forged.decode()}.{signature}") == (
        "token signature does not verify"
    )


@pytest.mark.parametrize("garbage", ["not-a-token", "a.b.c", "Bearer x"])
def test_garbage_is_refused_as_malformed(garbage: str) -> None:
    assert _refusal(garbage) == "token is malformed"


def test_an_empty_token_is_refused() -> None:
    assert _refusal("") == "no token"


def test_a_token_with_another_algorithm_is_refused() -> None:
    claims = jwt.decode(_token(), options={"verify_signature": False})

    hmac = jwt.encode(claims, "a-shared-secret-of-at-least-32-bytes", algorithm="HS256")

    assert _refusal(hmac) == "token is not signed with EdDSA"


def test_a_token_of_another_issuer_is_refused() -> None:
    verifier = TokenVerifier(PUBLIC_KEY, issuer="someone-else")

    assert _refusal(_token(), verifier) == "token was not issued by someone-else"


def test_a_naive_now_is_a_programming_error() -> None:
    naive = datetime(2025, 3, 1, 9, 0)

    with pytest.raises(ValueError, match=r"^now must be an aware datetime$"):
        TokenVerifier(PUBLIC_KEY).verify(_token(), naive)


def test_a_token_the_refusal_check_names_is_refused_with_its_reason() -> None:
    asked: list[tuple[str, int]] = []

    def refusal(staff_id: str, issued_at: int) -> str | None:
        asked.append((staff_id, issued_at))
        return "roles changed: sign in again"

    verifier = TokenVerifier(PUBLIC_KEY, refusal=refusal)

    assert _refusal(_token(), verifier) == "roles changed: sign in again"
    assert asked == [("s-1", int(T0.timestamp()))]


def test_a_token_the_refusal_check_lets_through_verifies() -> None:
    verifier = TokenVerifier(PUBLIC_KEY, refusal=lambda staff_id, issued_at: None)

    assert verifier.verify(_token(), T0) == ACTOR
