"""Staying signed in (#13 item 11): refresh tokens over HTTP, rotated and revocable.

A worker signs in once in the morning; the half-hour token is renewed with the refresh
token the sign-in gave, each refresh token good once, for ten hours from the password.
A refresh token shown twice ends the sign-in; sign-out ends it; a staff member
deactivated, or given other roles, cannot refresh.
"""

from __future__ import annotations

from datetime import timedelta

import httpx

from shequ.access import Role

API = "/api/v1/registry"
SIGN_IN, REFRESH, SIGN_OUT = (
    f"{API}/sign-in",
    f"{API}/sign-in/refresh",
    f"{API}/sign-out",
)
STAFF, PERSONS = f"{API}/staff", f"{API}/persons"
COMMUNITY_A = "441900101001"


async def _signed_in(http: httpx.AsyncClient, token, enrolled) -> dict:
    """Enrols 王芳 (wangfang) and signs her in; answers the sign-in's body."""
    await enrolled(http, token(Role.DISTRICT_ADMIN), "wangfang")
    signed = await http.post(
        SIGN_IN, json={"login": "wangfang", "password": "correct horse"}
    )
    assert signed.status_code == 200, signed.text
    body: dict = signed.json()
    return body


async def _refresh(http: httpx.AsyncClient, refresh_token: str) -> httpx.Response:
    return await http.post(REFRESH, json={"refresh_token": refresh_token})


def _bearer(body: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {body['token']}"}


async def test_a_refresh_gives_a_new_token_and_a_new_refresh_token(
    signing_registry, token, enrolled
) -> None:
    first = await _signed_in(signing_registry, token, enrolled)

    renewed = await _refresh(signing_registry, first["refresh_token"])
    again = await _refresh(signing_registry, renewed.json()["refresh_token"])
    persons = await signing_registry.get(PERSONS, headers=_bearer(renewed.json()))

    assert renewed.status_code == 200
    body = renewed.json()
    assert body["refresh_token"] != first["refresh_token"]
    assert {k: v for k, v in body.items() if k not in {"token", "refresh_token"}} == {
        "expires_in": 1800,
        "refresh_expires_in": 36000,
        "staff_id": first["staff_id"],
        "office": COMMUNITY_A,
        "roles": ["community_worker"],
    }
    assert again.status_code == 200
    assert persons.status_code == 200


async def test_a_refresh_token_used_twice_ends_the_session(
    signing_registry, token, enrolled
) -> None:
    first = await _signed_in(signing_registry, token, enrolled)
    renewed = await _refresh(signing_registry, first["refresh_token"])

    reused = await _refresh(signing_registry, first["refresh_token"])
    after = await _refresh(signing_registry, renewed.json()["refresh_token"])

    assert renewed.status_code == 200
    assert reused.status_code == 401
    assert reused.headers["Content-Type"] == "application/problem+json"
    assert reused.json()["detail"] == (
        "this refresh token was already used: the sign-in has ended, sign in again"
    )
    assert after.status_code == 401  # the thief's copy and the worker's alike
    assert after.json()["detail"] == "this sign-in has ended: sign in again"


async def test_signing_out_ends_the_session(signing_registry, token, enrolled) -> None:
    first = await _signed_in(signing_registry, token, enrolled)

    out = await signing_registry.post(
        SIGN_OUT, json={"refresh_token": first["refresh_token"]}
    )
    refused = await _refresh(signing_registry, first["refresh_token"])
    forged = await _refresh(signing_registry, "no-such-session.secret")

    assert out.status_code == 204
    assert refused.status_code == 401
    assert refused.json()["detail"] == "this sign-in has ended: sign in again"
    assert forged.status_code == 401
    assert forged.json()["detail"] == "the refresh token is not valid: sign in again"


async def test_a_deactivated_staff_member_cannot_refresh(
    signing_registry, token, enrolled
) -> None:
    first = await _signed_in(signing_registry, token, enrolled)

    deactivated = await signing_registry.post(
        f"{STAFF}/{first['staff_id']}/deactivation",
        json={"reason": "left the community"},
        headers={**token(Role.DISTRICT_ADMIN), "If-Match": '"1"'},
    )
    refused = await _refresh(signing_registry, first["refresh_token"])

    assert deactivated.status_code == 200
    assert refused.status_code == 401
    assert refused.json()["detail"] == f"staff {first['staff_id']} is no longer active"


async def test_a_staff_member_whose_roles_changed_cannot_refresh(
    signing_registry, token, enrolled
) -> None:
    first = await _signed_in(signing_registry, token, enrolled)

    changed = await signing_registry.post(
        f"{STAFF}/{first['staff_id']}/roles",
        json={"roles": ["mediator"]},
        headers={**token(Role.DISTRICT_ADMIN), "If-Match": '"1"'},
    )
    refused = await _refresh(signing_registry, first["refresh_token"])
    signed = await signing_registry.post(
        SIGN_IN, json={"login": "wangfang", "password": "correct horse"}
    )

    assert changed.status_code == 200
    assert refused.status_code == 401
    assert refused.json()["detail"] == (
        f"the roles of staff {first['staff_id']} changed: sign in again"
    )
    assert signed.json()["roles"] == ["mediator"]


async def test_a_sign_in_lasts_a_working_day_and_no_longer(
    signing_start, token, enrolled, tree
) -> None:
    now = [tree.now]
    async with signing_start(clock=lambda: now[0]) as http:
        body = await _signed_in(http, token, enrolled)
        statuses = []
        # A token every 25 minutes through the day: never thrown out.
        for _ in range(23):
            now[0] += timedelta(minutes=25)
            renewed = await _refresh(http, body["refresh_token"])
            statuses.append(renewed.status_code)
            body = renewed.json()
        worked = await http.get(PERSONS, headers=_bearer(body))
        now[0] = tree.now + timedelta(hours=10)
        lapsed = await _refresh(http, body["refresh_token"])

    assert statuses == [200] * 23  # 9 h 35 min after signing in
    assert worked.status_code == 200
    assert lapsed.status_code == 401
    assert lapsed.json()["detail"] == (
        "this sign-in has lapsed after a working day: sign in"
    )


async def test_a_new_password_ends_every_sign_in(
    signing_registry, token, enrolled
) -> None:
    first = await _signed_in(signing_registry, token, enrolled)

    reset = await signing_registry.post(
        f"{STAFF}/{first['staff_id']}/password",
        json={"password": "another horse"},
        headers=token(Role.DISTRICT_ADMIN),
    )
    refused = await _refresh(signing_registry, first["refresh_token"])

    assert reset.status_code == 204
    assert refused.status_code == 401
    assert refused.json()["detail"] == "this sign-in has ended: sign in again"
