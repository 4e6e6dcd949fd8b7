"""Sign-in cannot be guessed at (#14 item 10): failures are throttled, over HTTP.

Five failures of one account, or twenty from one address, within fifteen minutes
answer 429 with Retry-After until the oldest leaves the window (the registry's clock
stands still here, so it never does); a success clears the account's count.
"""

from __future__ import annotations

import httpx

from shequ.access import Role

API = "/api/v1/registry"
SIGN_IN, STAFF = f"{API}/sign-in", f"{API}/staff"
PASSWORD = "correct horse"


async def _attempts(
    http: httpx.AsyncClient, login: str, password: str, times: int
) -> list[int]:
    return [
        (
            await http.post(SIGN_IN, json={"login": login, "password": password})
        ).status_code
        for _ in range(times)
    ]


async def test_an_account_is_throttled_after_five_failures(
    signing_registry, token, enrolled
) -> None:
    await enrolled(signing_registry, token(Role.DISTRICT_ADMIN), "wangfang")

    failed = await _attempts(signing_registry, "wangfang", "guess", 5)
    throttled = await signing_registry.post(
        SIGN_IN, json={"login": "wangfang", "password": PASSWORD}
    )
    other = await signing_registry.post(
        SIGN_IN, json={"login": "admin", "password": "guess"}
    )

    assert failed == [401] * 5
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "900"
    assert throttled.headers["Content-Type"] == "application/problem+json"
    assert throttled.json() == {
        "type": "https://shequ.example/problems/too-many-sign-ins",
        "title": "Too many sign-in attempts",
        "status": 429,
        "detail": "too many failed sign-ins of this account: try again in 900 seconds",
        "instance": SIGN_IN,
    }
    assert other.status_code == 401  # another account is not throttled


async def test_a_success_clears_the_accounts_failures(
    signing_registry, token, enrolled
) -> None:
    await enrolled(signing_registry, token(Role.DISTRICT_ADMIN), "wangfang")

    before = await _attempts(signing_registry, "wangfang", "guess", 4)
    signed = await _attempts(signing_registry, "wangfang", PASSWORD, 1)
    after = await _attempts(signing_registry, "wangfang", "guess", 5)
    then = await _attempts(signing_registry, "wangfang", PASSWORD, 1)

    assert (before, signed, after, then) == ([401] * 4, [200], [401] * 5, [429])


async def test_an_address_is_throttled_after_twenty_failures(signing_registry) -> None:
    failed = []
    for n in range(20):  # five logins, four each: no account reaches its limit
        failed += await _attempts(signing_registry, f"nobody-{n % 5}", "guess", 1)

    throttled = await signing_registry.post(
        SIGN_IN, json={"login": "someone-else", "password": "guess"}
    )

    assert failed == [401] * 20
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "900"
    assert throttled.json()["detail"] == (
        "too many failed sign-ins from this address: try again in 900 seconds"
    )


async def test_the_sign_in_operation_documents_401_and_429(registry) -> None:
    document = (await registry.get(f"{API}/openapi.json")).json()

    responses = document["paths"][SIGN_IN]["post"]["responses"]

    assert {"200", "401", "422", "429"} <= set(responses)
    assert responses["429"]["headers"]["Retry-After"]["schema"] == {
        "type": "integer",
        "minimum": 1,
    }
    assert list(responses["401"]["content"]) == ["application/problem+json"]
