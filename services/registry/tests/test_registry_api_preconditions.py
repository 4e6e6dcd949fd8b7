"""No lost updates (#14 item 7), over HTTP: If-Match where the outcome depends on it.

A change whose outcome depends on what the clerk last saw requires ``If-Match`` (428
without it, naming the header, and nothing is written); where a blind write is safe
(adding a tag, adding a household member) it stays optional, and one that loses a race
is decided again on the fresh record instead of failing.
"""

from __future__ import annotations

import asyncio

import httpx

from shequ.access import Role

DISTRICT, STREET_A = "441900000000", "441900101000"
COMMUNITY_A, COMMUNITY_A2 = "441900101001", "441900101002"
API = "/api/v1/registry"
PERSONS, HOUSEHOLDS, RENTALS = f"{API}/persons", f"{API}/households", f"{API}/rentals"


async def _created(http: httpx.AsyncClient, url: str, body: dict, headers: dict):  # type: ignore[no-untyped-def]
    created = await http.post(url, json=body, headers=headers)
    assert created.status_code == 201, created.text
    return created.json()


async def _person(http: httpx.AsyncClient, headers: dict, number: str) -> str:
    body = {
        "name": "张伟",
        "office": COMMUNITY_A,
        "address": "东城路 1 号",
        "document_number": number,
    }
    return str((await _created(http, PERSONS, body, headers))["person_id"])


async def test_changes_that_depend_on_what_was_read_require_if_match(
    registry, token, resident_id
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    head, member, other = [await _person(registry, admin, resident_id()) for _ in "abc"]
    household = (
        await _created(
            registry,
            HOUSEHOLDS,
            {
                "head_person_id": head,
                "office": COMMUNITY_A,
                "address": "1 号",
                "members": [{"person_id": member, "relationship": "child"}],
            },
            admin,
        )
    )["household_id"]
    rental = (
        await _created(
            registry,
            RENTALS,
            {"landlord_person_id": other, "office": COMMUNITY_A, "address": "3 号"},
            admin,
        )
    )["rental_id"]
    staff = (
        await _created(
            registry,
            f"{API}/staff",
            {
                "login": "wangfang",
                "password": "correct horse",
                "name": "王芳",
                "office": COMMUNITY_A,
                "roles": ["community_worker"],
            },
            admin,
        )
    )["staff_id"]
    changes = [
        ("POST", f"{PERSONS}/{head}/corrections", {"reason": "错字", "name": "张炜"}),
        (
            "POST",
            f"{PERSONS}/{head}/moves",
            {"to_office": COMMUNITY_A2, "address": "x"},
        ),
        ("POST", f"{PERSONS}/{head}/death", {"date_of_death": "2026-11-01"}),
        ("POST", f"{PERSONS}/{head}/merges", {"duplicate_person_id": other}),
        (
            "POST",
            f"{HOUSEHOLDS}/{household}/head",
            {"new_head_person_id": member, "relationships": {head: "parent"}},
        ),
        ("DELETE", f"{HOUSEHOLDS}/{household}/members/{member}?reason=迁出", None),
        ("POST", f"{RENTALS}/{rental}/tenants", {"moved_in": [head]}),
        ("POST", f"{API}/offices/{COMMUNITY_A2}/name", {"name": "新名"}),
        ("POST", f"{API}/offices/{COMMUNITY_A2}/closure", {"reason": "撤并"}),
        (
            "POST",
            f"{API}/offices/{STREET_A}/leadership-groups",
            {"name": "禁毒工作领导小组", "leader": "李强"},
        ),
        ("POST", f"{API}/staff/{staff}/roles", {"roles": ["mediator"]}),
        ("POST", f"{API}/staff/{staff}/deactivation", {"reason": "调离"}),
    ]

    answers = [
        await registry.request(method, url, json=body, headers=admin)
        for method, url, body in changes
    ]
    read = [
        (await registry.get(url, headers=admin)).headers["ETag"]
        for url in (
            f"{PERSONS}/{head}",
            f"{HOUSEHOLDS}/{household}",
            f"{RENTALS}/{rental}",
            f"{API}/offices/{STREET_A}/leadership-groups",
        )
    ]

    assert [(a.status_code, a.json()["type"].rsplit("/", 1)[1]) for a in answers] == [
        (428, "if-match-required")
    ] * len(changes)
    assert answers[0].json()["errors"] == [
        {
            "field": "header.If-Match",
            "message": "send the version you last read (its ETag) in If-Match,"
            ' e.g. If-Match: "7"',
        }
    ]
    assert read == ['"1"', '"2"', '"1"', '"1"']  # nothing was written


async def test_tags_and_members_added_blind_at_once_are_all_kept(
    registry, token, resident_id
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    head, *members = [await _person(registry, worker, resident_id()) for _ in "abcd"]
    household = (
        await _created(
            registry,
            HOUSEHOLDS,
            {"head_person_id": head, "office": COMMUNITY_A, "address": "1 号"},
            worker,
        )
    )["household_id"]

    added = await asyncio.gather(
        *(
            registry.post(
                f"{HOUSEHOLDS}/{household}/members",
                json={"person_id": person, "relationship": "child"},
                headers=worker,
            )
            for person in members
        )
    )
    tagged = await asyncio.gather(
        *(
            registry.post(f"{PERSONS}/{head}/tags", json={"add": [tag]}, headers=worker)
            for tag in ("student", "disabled", "retiree")
        )
    )
    read = (await registry.get(f"{HOUSEHOLDS}/{household}", headers=worker)).json()
    person = (await registry.get(f"{PERSONS}/{head}", headers=worker)).json()

    assert [a.status_code for a in added] == [200] * 3
    assert [t.status_code for t in tagged] == [200] * 3
    assert sorted(m["person_id"] for m in read["members"][1:]) == sorted(members)
    assert (read["version"], person["version"]) == (4, 4)
    assert person["tags"] == ["disabled", "retiree", "student"]


async def test_the_api_document_says_where_if_match_is_required(registry) -> None:
    paths = (await registry.get(f"{API}/openapi.json")).json()["paths"]

    def if_match(path: str, method: str = "post") -> bool | None:
        for parameter in paths[path][method].get("parameters", []):
            if parameter["name"].lower() == "if-match":
                return bool(parameter.get("required"))
        return None

    assert if_match(f"{PERSONS}/{{person_id}}/death") is True
    assert if_match(f"{HOUSEHOLDS}/{{household_id}}/members/{{person_id}}", "delete")
    assert if_match(f"{PERSONS}/{{person_id}}/tags") is False
    assert if_match(f"{HOUSEHOLDS}/{{household_id}}/members") is False
    assert "428" in paths[f"{PERSONS}/{{person_id}}/death"]["post"]["responses"]


async def test_another_request_under_a_used_key_is_refused_naming_the_header(
    registry, token, resident_id
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    head, landlord = [await _person(registry, worker, resident_id()) for _ in "ab"]
    admin = token(Role.DISTRICT_ADMIN)
    enrolment = {
        "login": "wangfang",
        "password": "correct horse",
        "name": "王芳",
        "office": COMMUNITY_A,
        "roles": ["community_worker"],
    }
    person = {"name": "李四", "office": COMMUNITY_A, "address": "东城路 2 号"}
    creations = [  # (url, headers, body, another body)
        (
            PERSONS,
            worker,
            {**person, "document_number": resident_id()},
            {**person, "document_number": resident_id()},
        ),
        (
            HOUSEHOLDS,
            worker,
            {"head_person_id": head, "office": COMMUNITY_A, "address": "1 号"},
            {"head_person_id": head, "office": COMMUNITY_A, "address": "2 号"},
        ),
        (
            RENTALS,
            worker,
            {"landlord_person_id": landlord, "office": COMMUNITY_A, "address": "3"},
            {"landlord_person_id": landlord, "office": COMMUNITY_A, "address": "4"},
        ),
        (f"{API}/staff", admin, enrolment, {**enrolment, "login": "lina"}),
    ]

    answers = []
    for url, headers, body, another in creations:
        keyed = {**headers, "Idempotency-Key": f"key-{url}"}
        first = await registry.post(url, json=body, headers=keyed)
        retried = await registry.post(url, json=body, headers=keyed)
        other = await registry.post(url, json=another, headers=keyed)
        answers.append(
            (
                first.status_code,
                retried.json() == first.json(),
                other.status_code,
                other.json()["errors"],
            )
        )

    refused = [
        {
            "field": "header.Idempotency-Key",
            "message": "this Idempotency-Key was sent with a different request;"
            " a new request needs a new key",
        }
    ]
    assert answers == [(201, True, 422, refused)] * len(creations)
