"""Roles count as they are now (#14 items 1 and 2), over HTTP on the wall clock.

A token issued before its holder's roles changed is refused (401: sign in again), and
a new sign-in carries the roles held now.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from shequ.access import Role

DISTRICT, COMMUNITY_A = "441900000000", "441900101001"
API = "/api/v1/registry"
SIGN_IN, STAFF, PERSONS = f"{API}/sign-in", f"{API}/staff", f"{API}/persons"
PASSWORD = "correct horse"


def _now() -> datetime:
    return datetime.now(UTC)


async def _enrolled(
    http: httpx.AsyncClient,
    admin: dict[str, str],
    login: str,
    office: str,
    roles: list[str],
) -> str:
    created = await http.post(
        STAFF,
        json={
            "login": login,
            "password": PASSWORD,
            "name": "王芳",
            "office": office,
            "roles": roles,
        },
        headers=admin,
    )
    assert created.status_code == 201, created.text
    staff_id: str = created.json()["staff_id"]
    return staff_id


def _person(number: str) -> dict[str, str]:
    return {
        "name": "张伟",
        "office": COMMUNITY_A,
        "address": "东城路 1 号",
        "document_number": number,
    }


def _sign_in_again(staff_id: str) -> str:
    return (
        f"the roles of staff {staff_id} changed after this token was issued:"
        " sign in again"
    )


async def test_a_demoted_worker_signs_in_again_and_gets_the_new_roles(
    live_registry, token, resident_id
) -> None:
    admin = token(Role.DISTRICT_ADMIN, issued_at=_now())
    worker_id = await _enrolled(
        live_registry, admin, "wangfang", COMMUNITY_A, ["community_worker"]
    )
    # Signed in a minute ago, as a worker.
    old = token(
        Role.COMMUNITY_WORKER,
        COMMUNITY_A,
        staff_id=worker_id,
        issued_at=_now() - timedelta(minutes=1),
    )
    before = await live_registry.post(
        PERSONS, json=_person(resident_id()), headers=old
    )

    demoted = await live_registry.post(
        f"{STAFF}/{worker_id}/roles", json={"roles": ["mediator"]}, headers=admin
    )
    after = await live_registry.post(PERSONS, json=_person(resident_id()), headers=old)
    signed = await live_registry.post(
        SIGN_IN, json={"login": "wangfang", "password": PASSWORD}
    )
    new = {"Authorization": f"Bearer {signed.json()['token']}"}
    reads = await live_registry.get(PERSONS, headers=new)
    writes = await live_registry.post(
        PERSONS, json=_person(resident_id()), headers=new
    )

    assert (before.status_code, demoted.status_code) == (201, 200)
    assert after.status_code == 401
    assert after.json()["detail"] == _sign_in_again(worker_id)
    assert (signed.status_code, signed.json()["roles"]) == (200, ["mediator"])
    assert (reads.status_code, writes.status_code) == (200, 403)


async def test_a_demoted_district_admins_old_token_cannot_grant_the_role_back(
    live_registry, token
) -> None:
    admin = token(Role.DISTRICT_ADMIN, issued_at=_now())
    demoted_id = await _enrolled(
        live_registry, admin, "lina", DISTRICT, ["district_admin"]
    )
    old = token(
        Role.DISTRICT_ADMIN,
        DISTRICT,
        staff_id=demoted_id,
        issued_at=_now() - timedelta(minutes=1),
    )

    demoted = await live_registry.post(
        f"{STAFF}/{demoted_id}/roles", json={"roles": ["auditor"]}, headers=admin
    )
    regranted = await live_registry.post(
        f"{STAFF}/{demoted_id}/roles",
        json={"roles": ["district_admin"]},
        headers=old,
    )
    member = await live_registry.post(
        SIGN_IN, json={"login": "lina", "password": PASSWORD}
    )

    assert demoted.status_code == 200
    assert regranted.status_code == 401
    assert regranted.json()["detail"] == _sign_in_again(demoted_id)
    assert member.json()["roles"] == ["auditor"]
