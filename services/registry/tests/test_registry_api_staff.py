"""Staff and sign-in over HTTP: enrol, sign in, deactivate, access, bootstrap."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime

import httpx
import pytest
from nats.js.errors import NotFoundError

from shequ.access import Actor, Role
from shequ.eventstore import load
from shequ.registry.app import definition
from shequ.registry.domain import office, staff
from shequ.registry.handlers import staff as handle
from shequ.registry.handlers.bootstrap import bootstrap
from shequ.registry.handlers.sign_in import sign_in
from shequ.registry.settings import BootstrapSettings
from shequ.service import ServiceSettings, open_runtime

# The office tree the ``registry`` fixtures open (conftest.Tree).
DISTRICT, STREET_A, STREET_B = "441900000000", "441900101000", "441900102000"
COMMUNITY_A, COMMUNITY_B = "441900101001", "441900102001"
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)

API = "/api/v1/registry"
SIGN_IN, STAFF = f"{API}/sign-in", f"{API}/staff"


def _enrolment(login: str = "wangfang", **extra: object) -> dict:
    return {
        "login": login,
        "password": "correct horse",
        "name": "王芳",
        "office": COMMUNITY_A,
        "roles": ["community_worker"],
        "employment": "part_time",
        **extra,
    }


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _enrolled(http: httpx.AsyncClient, admin: dict, **extra: object) -> str:
    created = await http.post(STAFF, json=_enrolment(**extra), headers=admin)
    assert created.status_code == 201, created.text
    staff_id: str = created.json()["staff_id"]
    return staff_id


async def test_enrolled_staff_sign_in_and_their_token_reads_persons(
    signing_registry, token
) -> None:
    admin = token(Role.STREET_ADMIN, STREET_A)

    created = await signing_registry.post(STAFF, json=_enrolment(), headers=admin)
    signed = await signing_registry.post(
        SIGN_IN, json={"login": "wangfang", "password": "correct horse"}
    )

    staff_id = created.json()["staff_id"]
    assert created.status_code == 201
    assert created.headers["Location"] == f"{STAFF}/{staff_id}"
    assert created.json() == {
        "staff_id": staff_id,
        "name": "王芳",
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "roles": ["community_worker"],
        "employment": "part_time",
        "status": "active",
        "version": 1,
    }
    body = signed.json()
    assert signed.status_code == 200
    assert {k: v for k, v in body.items() if k not in {"token", "refresh_token"}} == {
        "expires_in": 1800,
        "refresh_expires_in": 36000,
        "staff_id": staff_id,
        "office": COMMUNITY_A,
        "roles": ["community_worker"],
    }
    persons = await signing_registry.get(
        f"{API}/persons", headers=_bearer(body["token"])
    )
    assert persons.status_code == 200
    assert persons.json() == {"items": [], "total": 0, "page": 1, "size": 50}


async def test_a_wrong_password_and_an_unknown_login_get_the_same_answer(
    signing_registry, token
) -> None:
    await _enrolled(signing_registry, token(Role.DISTRICT_ADMIN))

    wrong = await signing_registry.post(
        SIGN_IN, json={"login": "wangfang", "password": "wrong horse"}
    )
    unknown = await signing_registry.post(
        SIGN_IN, json={"login": "nobody", "password": "correct horse"}
    )

    assert (wrong.status_code, unknown.status_code) == (401, 401)
    assert (
        wrong.json()
        == unknown.json()
        == {
            "type": "https://shequ.example/problems/not-authenticated",
            "title": "Not authenticated",
            "status": 401,
            "detail": "login or password is wrong",
            "instance": SIGN_IN,
        }
    )


async def test_a_login_already_taken_is_refused_naming_it(registry, token) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    await _enrolled(registry, admin)

    again = await registry.post(
        STAFF, json=_enrolment(office=COMMUNITY_B, name="王芳芳"), headers=admin
    )

    assert again.status_code == 409
    assert again.json()["errors"] == [
        {"field": "login", "message": "the login 'wangfang' is already taken"}
    ]


async def test_a_deactivated_staff_member_cannot_sign_in(
    signing_registry, token
) -> None:
    staff_id = await _enrolled(signing_registry, token(Role.DISTRICT_ADMIN))
    await signing_registry.post(
        f"{STAFF}/{staff_id}/deactivation",
        json={"reason": "left"},
        headers={**token(Role.STREET_ADMIN, STREET_A), "If-Match": '"1"'},
    )

    signed = await signing_registry.post(
        SIGN_IN, json={"login": "wangfang", "password": "correct horse"}
    )

    assert signed.status_code == 401
    assert signed.json()["detail"] == f"staff {staff_id} is no longer active"


async def test_a_token_issued_before_deactivation_is_refused_after(
    signing_registry, token
) -> None:
    staff_id = await _enrolled(signing_registry, token(Role.DISTRICT_ADMIN))
    signed = await signing_registry.post(
        SIGN_IN, json={"login": "wangfang", "password": "correct horse"}
    )
    worker = _bearer(signed.json()["token"])
    before = await signing_registry.get(f"{API}/persons", headers=worker)

    deactivated = await signing_registry.post(
        f"{STAFF}/{staff_id}/deactivation",
        json={"reason": "left"},
        headers={**token(Role.DISTRICT_ADMIN), "If-Match": '"1"'},
    )
    after = await signing_registry.get(f"{API}/persons", headers=worker)

    assert before.status_code == 200
    assert (deactivated.status_code, deactivated.json()["status"]) == (200, "inactive")
    assert after.status_code == 401
    assert after.json()["detail"] == f"staff {staff_id} is no longer active"


async def test_a_street_administrator_cannot_enrol_staff_in_another_street(
    registry, token
) -> None:
    refused = await registry.post(
        STAFF,
        json=_enrolment(office=COMMUNITY_B),
        headers=token(Role.STREET_ADMIN, STREET_A),
    )

    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        f"office office {COMMUNITY_B} ({COMMUNITY_B}) is outside the subtree of"
        f" office office {STREET_A} ({STREET_A})"
    )


async def test_a_street_administrator_cannot_grant_district_administration(
    registry, token
) -> None:
    refused = await registry.post(
        STAFF,
        json=_enrolment(office=STREET_A, roles=["district_admin"]),
        headers=token(Role.STREET_ADMIN, STREET_A),
    )

    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "staff staff-1 holds none of the roles: district administrator"
    )


async def test_an_auditor_cannot_enrol_staff(registry, token) -> None:
    refused = await registry.post(
        STAFF, json=_enrolment(), headers=token(Role.AUDITOR, DISTRICT)
    )

    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "staff staff-1 holds none of the roles: district administrator, street"
        " administrator"
    )


async def test_an_unknown_role_is_refused_naming_the_field(registry, token) -> None:
    refused = await registry.post(
        STAFF,
        json=_enrolment(roles=["community_worker", "mayor"]),
        headers=token(Role.DISTRICT_ADMIN),
    )

    assert refused.status_code == 422
    assert refused.json()["detail"] == "invalid: body.roles.1"


async def test_staff_need_at_least_one_role(registry, token) -> None:
    refused = await registry.post(
        STAFF, json=_enrolment(roles=[]), headers=token(Role.DISTRICT_ADMIN)
    )

    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "roles", "message": "a staff member needs at least one role"}
    ]


async def test_changed_roles_are_in_the_next_token(signing_registry, token) -> None:
    staff_id = await _enrolled(signing_registry, token(Role.DISTRICT_ADMIN))

    changed = await signing_registry.post(
        f"{STAFF}/{staff_id}/roles",
        json={"roles": ["mediator", "community_worker"]},
        headers={**token(Role.STREET_ADMIN, STREET_A), "If-Match": '"1"'},
    )
    signed = await signing_registry.post(
        SIGN_IN, json={"login": "wangfang", "password": "correct horse"}
    )

    assert changed.status_code == 200
    assert changed.headers["ETag"] == '"2"'
    assert signed.json()["roles"] == ["community_worker", "mediator"]


async def test_staff_change_their_own_password_giving_the_current_one(
    signing_registry, token
) -> None:
    staff_id = await _enrolled(signing_registry, token(Role.DISTRICT_ADMIN))
    own = token(Role.COMMUNITY_WORKER, COMMUNITY_A, staff_id=staff_id)
    path = f"{STAFF}/{staff_id}/password"

    guessed = await signing_registry.post(
        path,
        json={"password": "battery staple", "current_password": "guess"},
        headers=own,
    )
    changed = await signing_registry.post(
        path,
        json={"password": "battery staple", "current_password": "correct horse"},
        headers=own,
    )

    assert (guessed.status_code, changed.status_code) == (403, 204)
    old, new = [
        await signing_registry.post(
            SIGN_IN, json={"login": "wangfang", "password": password}
        )
        for password in ("correct horse", "battery staple")
    ]
    assert (old.status_code, new.status_code) == (401, 200)


async def test_a_street_administrator_lists_the_staff_of_its_street(
    registry, token
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    a = await _enrolled(registry, admin)
    await _enrolled(registry, admin, login="lina", office=COMMUNITY_B)
    street = token(Role.STREET_ADMIN, STREET_A)

    async with asyncio.timeout(10):
        while not (listed := (await registry.get(STAFF, headers=street)).json()):
            await asyncio.sleep(0.05)

    assert listed == [
        {
            "staff_id": a,
            "login": "wangfang",
            "name": "王芳",
            "office": COMMUNITY_A,
            "office_name": f"office {COMMUNITY_A}",
            "roles": ["community_worker"],
            "employment": "part_time",
            "active": True,
            "version": 1,
        }
    ]


async def test_an_administrator_forms_a_leadership_group(registry, token) -> None:
    group = {
        "name": "禁毒工作领导小组",
        "leader": "李强",
        "deputies": ["张敏"],
        "member_departments": ["派出所", "社区卫生服务中心"],
    }

    formed = await registry.post(
        f"{API}/offices/{STREET_A}/leadership-groups",
        json=group,
        headers={**token(Role.STREET_ADMIN, STREET_A), "If-Match": '"1"'},
    )
    listed = await registry.get(
        f"{API}/offices/{STREET_A}/leadership-groups",
        headers=token(Role.AUDITOR, DISTRICT),
    )

    assert (formed.status_code, formed.json()) == (201, [group])
    assert (listed.status_code, listed.json()) == (200, [group])


async def _drop_registry_stream(nats_client) -> None:  # type: ignore[no-untyped-def]
    with contextlib.suppress(NotFoundError):
        await nats_client.jetstream().delete_stream("SHEQU_REGISTRY")


@pytest.fixture
async def verifying_runtime(pg_dsn, nats_server_url, nats_client):  # type: ignore[no-untyped-def]
    """A registry runtime without the signing key: its start enrols nobody."""
    await _drop_registry_stream(nats_client)
    settings = ServiceSettings(database_url=pg_dsn, nats_url=nats_server_url)
    async with open_runtime(definition(), settings, lambda: NOW) as runtime:
        yield runtime
    await _drop_registry_stream(nats_client)


async def test_the_bootstrap_enrols_one_administrator_once(verifying_runtime) -> None:
    settings = BootstrapSettings(password="first-run secret")

    enrolled = [await bootstrap(verifying_runtime, settings) for _ in range(2)]

    assert enrolled == [True, False]
    logins = await verifying_runtime.pool.fetch("SELECT * FROM staff_logins")
    assert [tuple(row) for row in logins] == [("admin", "staff-admin")]
    assert await handle.current(verifying_runtime.store, "staff-admin") == staff.Staff(
        staff_id="staff-admin",
        name="administrator",
        office=DISTRICT,
        roles=frozenset({Role.DISTRICT_ADMIN}),
        employment="full_time",
    )


async def test_the_first_start_prints_a_generated_administrator_password(
    signing_settings, capsys, monkeypatch
) -> None:
    monkeypatch.delenv("SHEQU_REGISTRY_BOOTSTRAP_PASSWORD", raising=False)

    async with open_runtime(definition(), signing_settings, lambda: NOW) as runtime:
        printed = capsys.readouterr().err
        password = printed.split("密码 ")[1].split("。")[0]
        signed = await sign_in(runtime, "admin", password)
        district, _ = await load(runtime.store, office.DECIDER, DISTRICT)

    # In Chinese, saying what to do next: change the password, and where.
    assert printed == (
        f"shequ 人口库：首个管理员 admin，密码 {password}。请登录后立即修改密码"
        "（POST /api/v1/registry/staff/staff-admin/password）\n"
    )
    # The district opens under a Chinese name until an administrator renames it.
    assert district is not None
    assert district.name == "区级单位"
    assert signed.actor == Actor(
        staff_id="staff-admin", office=DISTRICT, roles=frozenset({Role.DISTRICT_ADMIN})
    )


async def test_a_registry_without_the_signing_key_signs_nobody_in(registry) -> None:
    refused = await registry.post(SIGN_IN, json={"login": "a", "password": "b"})

    assert refused.status_code == 503
    assert refused.json()["detail"] == "this registry holds no signing key"
