"""Roles over HTTP (#14 items 1 and 2): as they are now, and never all taken away.

A token issued before its holder's roles changed is refused (401: sign in again), and
a new sign-in carries the roles held now (on the wall clock: ``live_registry``). A
district keeps an active district administrator and an active auditor; no one
changes their own roles or deactivates themself; a deactivation gives a reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx

from shequ.access import Role

DISTRICT, COMMUNITY_A = "441900000000", "441900101001"
API = "/api/v1/registry"
SIGN_IN, STAFF, PERSONS = f"{API}/sign-in", f"{API}/staff", f"{API}/persons"
PASSWORD = "correct horse"


def _now() -> datetime:
    return datetime.now(UTC)


def _person(number: str) -> dict[str, str]:
    return {
        "name": "张伟",
        "office": COMMUNITY_A,
        "address": "东城路 1 号",
        "document_number": number,
    }


def _v1(headers: dict[str, str]) -> dict[str, str]:
    """``headers`` changing a staff member as first enrolled (If-Match: version 1)."""
    return {**headers, "If-Match": '"1"'}


def _a_minute_ago(
    token: Callable[..., dict[str, str]], role: Role, office: str, staff_id: str
) -> dict[str, str]:
    """Headers of ``staff_id`` signed in a minute ago as ``role`` at ``office``."""
    issued_at = _now() - timedelta(minutes=1)
    return token(role, office, staff_id=staff_id, issued_at=issued_at)


def _sign_in_again(staff_id: str) -> str:
    return (
        f"the roles of staff {staff_id} changed after this token was issued:"
        " sign in again"
    )


async def test_a_demoted_worker_signs_in_again_and_gets_the_new_roles(
    live_registry, token, enrolled, resident_id
) -> None:
    admin = token(Role.DISTRICT_ADMIN, issued_at=_now())
    worker_id = await enrolled(live_registry, admin, "wangfang", COMMUNITY_A)
    old = _a_minute_ago(token, Role.COMMUNITY_WORKER, COMMUNITY_A, worker_id)
    before = await live_registry.post(PERSONS, json=_person(resident_id()), headers=old)

    demoted = await live_registry.post(
        f"{STAFF}/{worker_id}/roles", json={"roles": ["mediator"]}, headers=_v1(admin)
    )
    after = await live_registry.post(PERSONS, json=_person(resident_id()), headers=old)
    signed = await live_registry.post(
        SIGN_IN, json={"login": "wangfang", "password": PASSWORD}
    )
    new = {"Authorization": f"Bearer {signed.json()['token']}"}
    reads = await live_registry.get(PERSONS, headers=new)
    writes = await live_registry.post(PERSONS, json=_person(resident_id()), headers=new)

    assert (before.status_code, demoted.status_code) == (201, 200)
    assert after.status_code == 401
    assert after.json()["detail"] == _sign_in_again(worker_id)
    assert (signed.status_code, signed.json()["roles"]) == (200, ["mediator"])
    assert (reads.status_code, writes.status_code) == (200, 403)


async def test_a_demoted_district_admins_old_token_cannot_grant_the_role_back(
    live_registry, token, enrolled
) -> None:
    admin = token(Role.DISTRICT_ADMIN, issued_at=_now())
    demoted_id = await enrolled(
        live_registry, admin, "lina", DISTRICT, ["district_admin"]
    )
    old = _a_minute_ago(token, Role.DISTRICT_ADMIN, DISTRICT, demoted_id)
    # The guard finds the other administrator in the directory, which lags a
    # write: on a busy machine, a demotion at once was refused as the last one.
    await _listed(live_registry, admin, BOOTSTRAP, demoted_id)

    demoted = await live_registry.post(
        f"{STAFF}/{demoted_id}/roles", json={"roles": ["auditor"]}, headers=_v1(admin)
    )
    regranted = await live_registry.post(
        f"{STAFF}/{demoted_id}/roles",
        json={"roles": ["district_admin"]},
        headers={**old, "If-Match": '"2"'},
    )
    member = await live_registry.post(
        SIGN_IN, json={"login": "lina", "password": PASSWORD}
    )

    assert demoted.status_code == 200
    assert regranted.status_code == 401
    assert regranted.json()["detail"] == _sign_in_again(demoted_id)
    assert member.json()["roles"] == ["auditor"]


# The first administrator the signing registry enrols on its first start.
BOOTSTRAP = "staff-admin"


async def _listed(http: httpx.AsyncClient, headers: dict[str, str], *ids: str) -> None:
    """Wait until the directory lists every staff member of ``ids``."""
    async with asyncio.timeout(10):
        while not set(ids) <= {
            row["staff_id"] for row in (await http.get(STAFF, headers=headers)).json()
        }:
            await asyncio.sleep(0.05)


def _problem(response: httpx.Response) -> tuple[int, str, list[dict[str, str]]]:
    body = response.json()
    return response.status_code, body["type"].rsplit("/", 1)[1], body["errors"]


async def test_the_last_district_administrator_keeps_the_role(
    signing_registry, token
) -> None:
    refused = await signing_registry.post(
        f"{STAFF}/{BOOTSTRAP}/roles",
        json={"roles": ["auditor"]},
        headers=_v1(token(Role.DISTRICT_ADMIN)),
    )

    assert _problem(refused) == (
        422,
        "last-district-admin",
        [
            {
                "field": "roles",
                "message": f"staff {BOOTSTRAP} (administrator) is the last active"
                " district administrator of 区级单位 (441900000000): enrol or appoint"
                " another first",
            }
        ],
    )


async def test_the_last_auditor_is_kept_until_another_is_enrolled(
    signing_registry, token, enrolled
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    first = await enrolled(signing_registry, admin, "audit1", DISTRICT, ["auditor"])
    path = f"{STAFF}/{first}/deactivation"

    refused = await signing_registry.post(
        path, json={"reason": "调离"}, headers=_v1(admin)
    )
    second = await enrolled(signing_registry, admin, "audit2", DISTRICT, ["auditor"])
    await _listed(signing_registry, admin, second)
    allowed = await signing_registry.post(
        path, json={"reason": "调离"}, headers=_v1(admin)
    )

    assert _problem(refused)[:2] == (422, "last-auditor")
    assert refused.json()["errors"][0]["field"] == "staff_id"
    assert (allowed.status_code, allowed.json()["status"]) == (200, "inactive")


async def test_an_administrator_never_demotes_or_deactivates_themself(
    signing_registry, token, enrolled
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    other = await enrolled(
        signing_registry, admin, "lina", DISTRICT, ["district_admin"]
    )
    await _listed(signing_registry, admin, other)
    own = token(Role.DISTRICT_ADMIN, staff_id=other)

    demoted = await signing_registry.post(
        f"{STAFF}/{other}/roles", json={"roles": ["auditor"]}, headers=_v1(own)
    )
    deactivated = await signing_registry.post(
        f"{STAFF}/{other}/deactivation", json={"reason": "离职"}, headers=_v1(own)
    )
    by_another = await signing_registry.post(
        f"{STAFF}/{other}/deactivation",
        json={"reason": "离职"},
        headers=_v1(token(Role.DISTRICT_ADMIN, staff_id=BOOTSTRAP)),
    )

    assert _problem(demoted) == (
        422,
        "cannot-change-own-roles",
        [
            {
                "field": "staff_id",
                "message": "staff cannot change their own roles: ask another"
                " administrator",
            }
        ],
    )
    assert _problem(deactivated)[:2] == (422, "cannot-deactivate-self")
    assert by_another.status_code == 200


async def test_a_blank_reason_deactivates_no_one(
    signing_registry, token, enrolled
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    worker = await enrolled(signing_registry, admin, "wangfang")

    path = f"{STAFF}/{worker}/deactivation"

    refused = await signing_registry.post(
        path, json={"reason": " "}, headers=_v1(admin)
    )
    given = await signing_registry.post(
        path, json={"reason": "离职"}, headers=_v1(admin)
    )

    assert _problem(refused) == (
        422,
        "blank-field",
        [{"field": "reason", "message": "the reason must not be blank"}],
    )
    assert (given.status_code, given.json()["version"]) == (200, 2)  # nothing before


async def test_two_administrators_demoting_each_other_at_once_leave_one(
    signing_registry, token, enrolled
) -> None:
    other = await enrolled(
        signing_registry,
        token(Role.DISTRICT_ADMIN),
        "lina",
        DISTRICT,
        ["district_admin"],
    )
    await _listed(signing_registry, token(Role.DISTRICT_ADMIN), other)

    answers = await asyncio.gather(
        *(
            signing_registry.post(
                f"{STAFF}/{target}/roles",
                json={"roles": ["auditor"]},
                headers=_v1(token(Role.DISTRICT_ADMIN, staff_id=by)),
            )
            for by, target in ((BOOTSTRAP, other), (other, BOOTSTRAP))
        )
    )

    assert sorted(a.status_code for a in answers) == [200, 422]
    assert [_problem(a)[1] for a in answers if a.status_code == 422] == [
        "last-district-admin"
    ]
