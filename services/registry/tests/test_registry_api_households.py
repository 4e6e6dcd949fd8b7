"""Households (户) and rented housing (出租屋) over HTTP: one household per person."""

from __future__ import annotations

import asyncio

import httpx

from shequ.access import Role

# The office tree the ``registry`` fixture opens (conftest.Tree).
DISTRICT, STREET_A, STREET_B = "441900000000", "441900101000", "441900102000"
COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B = "441900101001", "441900101002", "441900102001"

PERSONS = "/api/v1/registry/persons"
HOUSEHOLDS = "/api/v1/registry/households"
RENTALS = "/api/v1/registry/rentals"


async def _people(http, headers, resident_id, *names, office=COMMUNITY_A) -> list[str]:  # type: ignore[no-untyped-def]
    """Register a person per name in ``office``; their person ids, in order."""
    ids = []
    for name in names:
        created = await http.post(
            PERSONS,
            headers=headers,
            json={
                "name": name,
                "office": office,
                "address": "东城路 1 号",
                "document_number": resident_id(),
            },
        )
        assert created.status_code == 201, created.text
        ids.append(created.json()["person_id"])
    return ids


def _household(head: str, office: str = COMMUNITY_A, **members: str) -> dict:
    return {
        "head_person_id": head,
        "office": office,
        "address": "东城路 1 号",
        "members": [{"person_id": p, "relationship": r} for p, r in members.items()],
    }


async def _registered(http, headers, head, office=COMMUNITY_A, **members) -> str:  # type: ignore[no-untyped-def]
    created = await http.post(
        HOUSEHOLDS, json=_household(head, office, **members), headers=headers
    )
    assert created.status_code == 201, created.text
    return str(created.json()["household_id"])


def _refusal(answer: httpx.Response) -> tuple[int, str, str]:
    body = answer.json()
    return answer.status_code, body["errors"][0]["field"], body["detail"]


async def test_a_household_is_registered_with_its_members_and_reads_back_with_names(
    registry, token, resident_id
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    head, wife, son = await _people(
        registry, worker, resident_id, "张伟", "李娜", "张明"
    )

    created = await registry.post(
        HOUSEHOLDS,
        json=_household(head, **{wife: "spouse", son: "child"}),
        headers=worker,
    )
    read = await registry.get(created.headers["Location"], headers=worker)

    others = sorted([(wife, "李娜", "spouse"), (son, "张明", "child")])
    expected = {
        "household_id": created.json()["household_id"],
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "address": "东城路 1 号",
        "head_person_id": head,
        "version": 3,
        "members": [
            {"person_id": p, "name": n, "relationship": r}
            for p, n, r in [(head, "张伟", "head"), *others]
        ],
    }
    assert (created.status_code, created.headers["ETag"]) == (201, '"3"')
    assert created.json() == expected
    assert (read.status_code, read.headers["ETag"], read.json()) == (
        200,
        '"3"',
        expected,
    )


async def test_a_person_cannot_be_a_member_of_two_households(
    registry, token, resident_id, listing
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    p1, p2, p3, p4 = await _people(
        registry, worker, resident_id, "甲", "乙", "丙", "丁"
    )
    first = await _registered(registry, worker, p1, **{p2: "spouse"})
    other = await _registered(registry, worker, p4)

    registered = await registry.post(
        HOUSEHOLDS, json=_household(p3, **{p2: "spouse"}), headers=worker
    )
    added = await registry.post(
        f"{HOUSEHOLDS}/{other}/members",
        headers=worker,
        json={"person_id": p2, "relationship": "child"},
    )
    as_head = await registry.post(HOUSEHOLDS, json=_household(p1), headers=worker)

    message = f"{p2} already belongs to household {first}: remove them there first"
    assert _refusal(registered) == (422, "person_id", message)
    assert _refusal(added) == (422, "person_id", message)
    assert _refusal(as_head)[:2] == (422, "head_person_id")
    assert (await registry.get(f"{HOUSEHOLDS}/{other}", headers=worker)).json()[
        "version"
    ] == 1
    # Nothing of the refused registration stayed: its head is free to head another.
    await _registered(registry, worker, p3)
    listed = await listing(registry, HOUSEHOLDS, worker, 3)
    assert sorted(h["head_person_id"] for h in listed["items"]) == sorted([p1, p3, p4])


async def test_two_clerks_adding_one_person_at_once_cannot_both_succeed(
    registry, token, resident_id
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    h1, h2, person = await _people(registry, worker, resident_id, "甲", "乙", "丙")
    households = [await _registered(registry, worker, h) for h in (h1, h2)]

    answers = await asyncio.gather(
        *(
            registry.post(
                f"{HOUSEHOLDS}/{h}/members",
                headers=worker,
                json={"person_id": person, "relationship": "child"},
            )
            for h in households
        )
    )

    assert sorted(a.status_code for a in answers) == [200, 422]
    reads = [
        (await registry.get(f"{HOUSEHOLDS}/{h}", headers=worker)).json()
        for h in households
    ]
    assert sorted(len(r["members"]) for r in reads) == [1, 2]


async def test_only_a_member_can_become_head(registry, token, resident_id) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    father, son, stranger = await _people(
        registry, worker, resident_id, "甲", "乙", "丙"
    )
    household = await _registered(registry, worker, father, **{son: "child"})
    url = f"{HOUSEHOLDS}/{household}/head"
    version = (await registry.get(f"{HOUSEHOLDS}/{household}", headers=worker)).headers[
        "ETag"
    ]

    refused = await registry.post(
        url,
        json={
            "new_head_person_id": stranger,
            "relationships": {father: "parent", son: "sibling"},
        },
        headers={**worker, "If-Match": version},
    )
    changed = await registry.post(
        url,
        json={"new_head_person_id": son, "relationships": {father: "parent"}},
        headers={**worker, "If-Match": version},
    )

    assert _refusal(refused) == (
        422,
        "new_head_person_id",
        f"{stranger} is not a member, so cannot become head",
    )
    assert (changed.status_code, changed.json()["head_person_id"]) == (200, son)
    assert [(m["person_id"], m["relationship"]) for m in changed.json()["members"]] == [
        (son, "head"),
        (father, "parent"),
    ]


async def test_a_removed_member_can_join_another_household(
    registry, token, resident_id, listing
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    p1, p2, p3 = await _people(registry, worker, resident_id, "甲", "乙", "丙")
    first = await _registered(registry, worker, p1, **{p2: "child"})
    second = await _registered(registry, worker, p3)
    etag = (await registry.get(f"{HOUSEHOLDS}/{first}", headers=worker)).headers["ETag"]

    removed = await registry.delete(
        f"{HOUSEHOLDS}/{first}/members/{p2}",
        params={"reason": "结婚迁出"},
        headers={**worker, "If-Match": etag},
    )
    joined = await registry.post(
        f"{HOUSEHOLDS}/{second}/members",
        json={"person_id": p2, "relationship": "spouse"},
        headers=worker,
    )

    assert [m["person_id"] for m in removed.json()["members"]] == [p1]
    assert joined.status_code == 200
    assert [m["person_id"] for m in joined.json()["members"]] == [p3, p2]
    found = await listing(registry, PERSONS, worker, 1, q="乙")
    async with asyncio.timeout(10):
        while found["items"][0]["household_id"] != second:
            await asyncio.sleep(0.05)
            found = (
                await registry.get(PERSONS, params={"q": "乙"}, headers=worker)
            ).json()


async def test_a_worker_of_another_community_cannot_read_or_change_a_household(
    registry, token, resident_id
) -> None:
    b_worker = token(Role.COMMUNITY_WORKER, COMMUNITY_B)
    a_worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    head, other = await _people(
        registry, b_worker, resident_id, "甲", "乙", office=COMMUNITY_B
    )
    (a_resident,) = await _people(registry, a_worker, resident_id, "丙")
    household = await _registered(registry, b_worker, head, COMMUNITY_B)
    url = f"{HOUSEHOLDS}/{household}"

    answers = [
        await registry.get(url, headers=a_worker),
        await registry.post(
            f"{url}/members",
            headers=a_worker,
            json={"person_id": other, "relationship": "child"},
        ),
        await registry.delete(
            f"{url}/members/{head}",
            params={"reason": "x"},
            headers={**a_worker, "If-Match": '"1"'},
        ),
        await registry.post(
            HOUSEHOLDS, json=_household(other, COMMUNITY_B), headers=a_worker
        ),
        await registry.get(
            HOUSEHOLDS, params={"within": COMMUNITY_B}, headers=a_worker
        ),
    ]
    outsider = await registry.post(
        f"{url}/members",
        json={"person_id": a_resident, "relationship": "child"},
        headers=b_worker,
    )

    # A household or person outside the subtree answers as an unknown one (404);
    # registering or listing in another office is refused outright (403).
    assert [a.status_code for a in answers] == [404, 404, 404, 403, 403]
    assert answers[0].json()["detail"] == f"no household {household}"
    assert answers[3].json()["detail"] == (
        # An office is shown with its name (the tree's names are "office <code>").
        f"office office {COMMUNITY_B} ({COMMUNITY_B}) is outside the subtree of"
        f" office office {COMMUNITY_A} ({COMMUNITY_A})"
    )
    assert _refusal(outsider) == (404, "person_id", f"no person file {a_resident}")
    assert (await registry.get(url, headers=b_worker)).json()["version"] == 1


async def test_bad_household_input_is_refused_and_writes_nothing(
    registry, token, resident_id
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    head, dead, in_b = await _people(registry, admin, resident_id, "甲", "乙", "丙")
    await registry.post(
        f"{PERSONS}/{dead}/death",
        json={"date_of_death": "2026-01-02"},
        headers={**admin, "If-Match": '"1"'},
    )
    await registry.post(
        f"{PERSONS}/{in_b}/moves",
        headers={**admin, "If-Match": '"1"'},
        json={"to_office": COMMUNITY_B, "address": "西路"},
    )
    cases = {
        "unknown head": (_household("person-nobody"), 404, "head_person_id"),
        "deceased head": (_household(dead), 422, "head_person_id"),
        "head of another community": (_household(in_b), 422, "head_person_id"),
        "street office": (_household(head, STREET_A), 422, "office"),
        "blank address": ({**_household(head), "address": " "}, 422, "address"),
        "unknown member": (_household(head, **{"person-x": "child"}), 404, "person_id"),
        "head as member": (_household(head, **{head: "child"}), 409, "person_id"),
    }

    answers = {
        name: _refusal(await registry.post(HOUSEHOLDS, json=body, headers=admin))[:2]
        for name, (body, _, _) in cases.items()
    }
    await asyncio.sleep(0.3)

    assert answers == {name: (status, f) for name, (_, status, f) in cases.items()}
    assert (await registry.get(HOUSEHOLDS, headers=admin)).json()["total"] == 0
    await _registered(registry, admin, head)  # the head was never claimed


async def test_a_stale_if_match_is_refused_with_412(
    registry, token, resident_id
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    head, wife, son = await _people(registry, worker, resident_id, "甲", "乙", "丙")
    household = await _registered(registry, worker, head)
    url = f"{HOUSEHOLDS}/{household}/members"
    first = await registry.post(
        url,
        json={"person_id": wife, "relationship": "spouse"},
        headers={**worker, "If-Match": '"1"'},
    )

    stale = await registry.post(
        url,
        json={"person_id": son, "relationship": "child"},
        headers={**worker, "If-Match": '"1"'},
    )

    assert (first.status_code, first.headers["ETag"]) == (200, '"2"')
    assert stale.status_code == 412
    read = await registry.get(f"{HOUSEHOLDS}/{household}", headers=worker)
    assert [m["person_id"] for m in read.json()["members"]] == [head, wife]
    # The refused member was not claimed either: they can still be added.
    again = await registry.post(
        url,
        json={"person_id": son, "relationship": "child"},
        headers={**worker, "If-Match": '"2"'},
    )
    assert again.headers["ETag"] == '"3"'


async def test_a_retried_registration_returns_the_first_household(
    registry, token, resident_id
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    (head,) = await _people(registry, worker, resident_id, "甲")
    keyed = {**worker, "Idempotency-Key": "k-1"}

    first = await registry.post(HOUSEHOLDS, json=_household(head), headers=keyed)
    retried = await registry.post(HOUSEHOLDS, json=_household(head), headers=keyed)
    misused = await registry.post(
        RENTALS,
        headers=keyed,
        json={"landlord_person_id": head, "office": COMMUNITY_A, "address": "3 号"},
    )

    assert (first.status_code, retried.status_code) == (201, 201)
    assert retried.json() == first.json()
    assert _refusal(misused)[:2] == (422, "header.Idempotency-Key")


async def test_the_household_list_within_a_street_shows_only_that_streets_households(
    registry, token, resident_id, listing
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    heads = {}
    for office in (COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B):
        (head,) = await _people(registry, admin, resident_id, "甲", office=office)
        heads[office] = await _registered(registry, admin, head, office)
    street = token(Role.STREET_ADMIN, STREET_A)

    listed = await listing(registry, HOUSEHOLDS, street, 2, within=STREET_A)
    all_of_them = await listing(registry, HOUSEHOLDS, admin, 3)
    other_street = await registry.get(
        HOUSEHOLDS, params={"within": STREET_B}, headers=street
    )

    assert sorted(h["household_id"] for h in listed["items"]) == sorted(
        [heads[COMMUNITY_A], heads[COMMUNITY_A2]]
    )
    assert [m["name"] for h in listed["items"] for m in h["members"]] == ["甲", "甲"]
    assert all_of_them["total"] == 3
    assert other_street.status_code == 403


async def test_rented_housing_is_registered_with_landlord_and_tenants(
    registry, token, resident_id, listing
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    owner, t1, t2 = await _people(
        registry, worker, resident_id, "房东", "租客甲", "租客乙"
    )
    body = {
        "landlord_person_id": owner,
        "tenant_person_ids": [t1],
        "office": COMMUNITY_A,
        "address": "出租屋 3 号",
    }

    created = await registry.post(RENTALS, json=body, headers=worker)
    moved = await registry.post(
        f"{created.headers['Location']}/tenants",
        json={"moved_in": [t2], "moved_out": [t1]},
        headers={**worker, "If-Match": '"1"'},
    )

    rental_id = created.json()["rental_id"]
    assert (created.status_code, created.json()) == (
        201,
        {
            "rental_id": rental_id,
            "office": COMMUNITY_A,
            "office_name": f"office {COMMUNITY_A}",
            "address": "出租屋 3 号",
            "landlord_person_id": owner,
            "tenant_person_ids": [t1],
            "version": 1,
        },
    )
    assert (moved.json()["tenant_person_ids"], moved.headers["ETag"]) == ([t2], '"2"')
    async with asyncio.timeout(10):
        while (listed := await listing(registry, RENTALS, worker, 1))["items"][0][
            "version"
        ] != 2:
            await asyncio.sleep(0.05)
    assert listed["items"] == [
        {
            "rental_id": rental_id,
            "office": COMMUNITY_A,
            "office_name": f"office {COMMUNITY_A}",
            "address": "出租屋 3 号",
            "landlord": owner,
            "tenants": [t2],
            "version": 2,
        }
    ]


async def test_the_landlord_cannot_be_a_tenant(
    registry, token, resident_id, listing
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    owner, tenant = await _people(registry, worker, resident_id, "房东", "租客")
    body = {"landlord_person_id": owner, "office": COMMUNITY_A, "address": "3 号"}

    refused = await registry.post(
        RENTALS, json={**body, "tenant_person_ids": [tenant, owner]}, headers=worker
    )
    created = await registry.post(RENTALS, json=body, headers=worker)
    moved_in = await registry.post(
        f"{RENTALS}/{created.json()['rental_id']}/tenants",
        json={"moved_in": [owner]},
        headers={**worker, "If-Match": '"1"'},
    )
    unknown = await registry.post(
        RENTALS, json={**body, "tenant_person_ids": ["person-x"]}, headers=worker
    )

    landlord = f"{owner} is the landlord, not a tenant"
    assert _refusal(refused) == (422, "tenant_person_ids", landlord)
    assert _refusal(moved_in) == (422, "tenant_person_ids", landlord)
    assert _refusal(unknown)[:2] == (404, "tenant_person_ids")
    assert (await listing(registry, RENTALS, worker, 1))["items"][0]["tenants"] == []
