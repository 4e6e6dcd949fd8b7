"""Person files over HTTP: registration, bad input, access by office subtree, search."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx

from shequ.access import Actor, Role, TokenIssuer, generate_signing_key

# The office tree the ``registry`` fixture opens (conftest.Tree).
DISTRICT, STREET_A = "441900000000", "441900101000"
COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B = "441900101001", "441900101002", "441900102001"

PERSONS = "/api/v1/registry/persons"


def _person(number: str, office: str = COMMUNITY_A, **extra: object) -> dict:
    return {
        "name": "张伟",
        "office": office,
        "address": "东城路 1 号",
        "document_number": number,
        "phone": "13800138000",
        **extra,
    }


async def _files(http: httpx.AsyncClient, headers: dict, *bodies: dict) -> list[str]:
    ids = []
    for body in bodies:
        created = await http.post(PERSONS, json=body, headers=headers)
        assert created.status_code == 201, created.text
        ids.append(created.json()["person_id"])
    return ids


async def test_a_resident_is_registered_with_birth_date_and_sex_from_the_id(
    registry, token, resident_id
) -> None:
    number = resident_id("19580307")

    created = await registry.post(
        PERSONS, json=_person(number), headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    )

    body = created.json()
    assert created.status_code == 201
    assert created.headers["ETag"] == '"1"'
    assert created.headers["Location"] == f"{PERSONS}/{body['person_id']}"
    assert {k: v for k, v in body.items() if k != "person_id"} == {
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "name": "张伟",
        "document_kind": "resident_id",
        "document_number": number,
        "birth_date": "1958-03-07",
        "sex": "male" if int(number[16]) % 2 else "female",
        "phone": "13800138000",
        "address": "东城路 1 号",
        "residence": "registered",
        "tags": [],
        "elderly": True,
        "status": "living",
        "date_of_death": None,
        "merged_into": None,
        "version": 1,
    }


async def test_the_same_id_number_never_becomes_two_people(
    registry, token, resident_id, listing
) -> None:
    worker = token(Role.COMMUNITY_WORKER, STREET_A)
    number = resident_id()
    first = await registry.post(PERSONS, json=_person(number), headers=worker)

    again = await registry.post(
        PERSONS, json=_person(number, COMMUNITY_A2), headers=worker
    )

    existing = first.json()["person_id"]
    assert again.status_code == 409
    assert again.json()["detail"] == (
        f"this document already belongs to person file {existing}"
    )
    assert again.json()["errors"] == [
        {"field": "document_number", "message": again.json()["detail"]}
    ]
    found = await listing(registry, PERSONS, worker, 1, q=number)
    assert [p["person_id"] for p in found["items"]] == [existing]


async def test_a_wrong_check_digit_is_refused_naming_the_field(
    registry, token, resident_id
) -> None:
    number = resident_id()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")

    refused = await registry.post(
        PERSONS, json=_person(wrong), headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    )

    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "document_number"
    assert "check digit" in refused.json()["detail"]


async def test_bad_input_writes_nothing(registry, token, resident_id) -> None:
    worker = token(Role.COMMUNITY_WORKER, STREET_A)
    cases = {
        "malformed": _person("44190019900307"),
        "future birth": _person(resident_id("20300101")),
        "impossible date": _person(resident_id("19900230")),
        "birth date contradicts the ID": _person(
            resident_id("19900307"), birth_date="1991-01-01"
        ),
        "unknown office": _person(resident_id(), "441900101099"),
        "not an office code": _person(resident_id(), "4419"),
        "a number without its kind": _person(
            resident_id(), document_kind=None, birth_date="1990-03-07", sex="male"
        ),
    }

    answers = {
        name: (await registry.post(PERSONS, json=body, headers=worker)).status_code
        for name, body in cases.items()
    }
    await asyncio.sleep(0.3)

    assert answers == dict.fromkeys(cases, 422)
    assert (await registry.get(PERSONS, headers=worker)).json()["total"] == 0


async def test_a_community_worker_cannot_read_or_change_another_communitys_residents(
    registry, token, resident_id
) -> None:
    b_worker = token(Role.COMMUNITY_WORKER, COMMUNITY_B)
    a_worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    in_b = (
        await registry.post(
            PERSONS, json=_person(resident_id(), COMMUNITY_B), headers=b_worker
        )
    ).json()["person_id"]

    read = await registry.get(f"{PERSONS}/{in_b}", headers=a_worker)
    tagged = await registry.post(
        f"{PERSONS}/{in_b}/tags", json={"add": ["student"]}, headers=a_worker
    )
    registered = await registry.post(
        PERSONS, json=_person(resident_id(), COMMUNITY_B), headers=a_worker
    )

    # A file outside the subtree answers as an unknown one; registering in another
    # office is refused outright.
    assert (read.status_code, tagged.status_code, registered.status_code) == (
        404,
        404,
        403,
    )
    assert (read.json()["title"], read.json()["detail"]) == (
        "Not found",
        f"no person file {in_b}",
    )
    assert registered.json()["detail"] == (
        f"office office {COMMUNITY_B} ({COMMUNITY_B}) is outside the subtree of"
        f" office office {COMMUNITY_A} ({COMMUNITY_A})"
    )


async def test_a_street_sees_its_communities_and_a_district_sees_all(
    registry, token, resident_id, listing
) -> None:
    for office in (COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B):
        await registry.post(
            PERSONS,
            json=_person(resident_id(), office),
            headers=token(Role.COMMUNITY_WORKER, office),
        )

    street = await listing(registry, PERSONS, token(Role.STREET_ADMIN, STREET_A), 2)
    district = await listing(registry, PERSONS, token(Role.DISTRICT_ADMIN, DISTRICT), 3)
    community = await listing(
        registry, PERSONS, token(Role.COMMUNITY_WORKER, COMMUNITY_A), 1
    )

    assert sorted(p["office"] for p in street["items"]) == [COMMUNITY_A, COMMUNITY_A2]
    assert len(district["items"]) == 3
    assert [p["office"] for p in community["items"]] == [COMMUNITY_A]


async def test_an_auditor_reads_masked_and_cannot_write(
    registry, token, resident_id, listing
) -> None:
    number = resident_id()
    created = await registry.post(
        PERSONS, json=_person(number), headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    )
    auditor = token(Role.AUDITOR, DISTRICT)

    found = await listing(registry, PERSONS, auditor, 1)
    read = await registry.get(
        f"{PERSONS}/{created.json()['person_id']}", headers=auditor
    )
    written = await registry.post(PERSONS, json=_person(resident_id()), headers=auditor)

    masked = f"{number[:4]}**********{number[-4:]}"
    assert (found["items"][0]["document_number"], found["items"][0]["phone"]) == (
        masked,
        "138****8000",
    )
    assert (read.json()["document_number"], read.json()["phone"]) == (
        masked,
        "138****8000",
    )
    assert written.status_code == 403


async def test_expired_and_forged_tokens_are_refused(registry, token, tree) -> None:
    actor = Actor(staff_id="s", office=DISTRICT, roles=frozenset({Role.DISTRICT_ADMIN}))
    expired = token(Role.DISTRICT_ADMIN, issued_at=tree.now - timedelta(days=1))
    forged = TokenIssuer(generate_signing_key()[0]).issue(actor, tree.now)

    answers = [
        await registry.get(PERSONS, headers=headers)
        for headers in (
            expired,
            {"Authorization": f"Bearer {forged}"},
            {"Authorization": "Bearer not-a-token"},
        )
    ]

    assert [a.status_code for a in answers] == [401, 401, 401]
    assert [a.json()["detail"] for a in answers] == [
        "token has expired",
        "token signature does not verify",
        "token is malformed",
    ]


async def test_a_stale_if_match_is_refused_with_412(
    registry, token, resident_id
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    (person_id,) = await _files(registry, worker, _person(resident_id()))
    url = f"{PERSONS}/{person_id}/tags"
    await registry.post(
        url, json={"add": ["student"]}, headers={**worker, "If-Match": '"1"'}
    )

    stale = await registry.post(
        url, json={"add": ["disabled"]}, headers={**worker, "If-Match": '"1"'}
    )

    assert stale.status_code == 412
    read = await registry.get(f"{PERSONS}/{person_id}", headers=worker)
    assert (read.json()["tags"], read.json()["version"]) == (["student"], 2)


async def test_a_move_to_a_closed_office_is_refused(
    registry, token, resident_id
) -> None:
    admin = token(Role.DISTRICT_ADMIN)
    await registry.post(
        f"/api/v1/registry/offices/{COMMUNITY_A2}/closure",
        json={"reason": "merged"},
        headers={**admin, "If-Match": '"1"'},
    )
    (person_id,) = await _files(registry, admin, _person(resident_id()))

    moved = await registry.post(
        f"{PERSONS}/{person_id}/moves",
        json={"to_office": COMMUNITY_A2, "address": "新村 2 号"},
        headers={**admin, "If-Match": '"1"'},
    )
    to_b = await registry.post(
        f"{PERSONS}/{person_id}/moves",
        json={"to_office": COMMUNITY_B, "address": "新村 2 号"},
        headers={**admin, "If-Match": '"1"'},
    )

    assert moved.status_code == 422
    assert moved.json()["errors"][0]["field"] == "to_office"
    assert (to_b.status_code, to_b.json()["office"]) == (200, COMMUNITY_B)


async def test_a_file_reads_as_it_stood_on_a_past_date(
    registry, token, resident_id
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    (person_id,) = await _files(registry, worker, _person(resident_id()))
    url = f"{PERSONS}/{person_id}"
    before = (await registry.get(url, headers=worker)).json()
    await asyncio.sleep(0.05)
    cut = (
        await registry.post(
            f"{url}/tags", json={"add": ["party_member"]}, headers=worker
        )
    ).json()
    assert cut["tags"] == ["party_member"]

    as_of = await registry.get(
        url, params={"as_of": "2000-01-01T00:00:00Z"}, headers=worker
    )
    assert as_of.status_code == 404
    # A bare date is the end of that day in China, as on every route (#13 item 9).
    day = await registry.get(url, params={"as_of": "2000-01-01"}, headers=worker)
    assert day.status_code == 404
    assert before["tags"] == []


async def test_a_retried_registration_returns_the_first_file(
    registry, token, resident_id
) -> None:
    worker = {**token(Role.COMMUNITY_WORKER, COMMUNITY_A), "Idempotency-Key": "k-1"}
    body = _person(resident_id())

    first = await registry.post(PERSONS, json=body, headers=worker)
    retry = await registry.post(PERSONS, json=body, headers=worker)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()


def _unidentified(born: str = "1980-05-01", sex: str = "male") -> dict:
    """A file without an ID number (the case merges are for)."""
    return {
        "name": "张伟",
        "office": COMMUNITY_A,
        "address": "东城路 1 号",
        "birth_date": born,
        "sex": sex,
    }


async def test_two_merges_of_one_duplicate_at_once_absorb_it_once(
    registry, token
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    one, other, duplicate = await _files(registry, worker, *[_unidentified()] * 3)

    answers = await asyncio.gather(
        *(
            registry.post(
                f"{PERSONS}/{survivor}/merges",
                headers={**worker, "If-Match": '"1"'},
                json={"duplicate_person_id": duplicate},
            )
            for survivor in (one, other)
        )
    )
    files = [
        (await registry.get(f"{PERSONS}/{p}", headers=worker)).json()
        for p in (one, other, duplicate)
    ]

    assert sorted(a.status_code for a in answers)[0] == 200
    assert sorted(a.status_code for a in answers)[1] in (409, 422)
    winner = (one, other)[[a.status_code for a in answers].index(200)]
    assert files[2]["merged_into"] == winner
    assert sorted(f["version"] for f in files[:2]) == [1, 2]  # the loser wrote nothing


async def test_a_merge_is_refused_for_two_people_a_household_member_or_a_stale_file(
    registry, token
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    survivor, younger, in_household, duplicate = await _files(
        registry,
        worker,
        _unidentified(),
        _unidentified(born="2001-05-01"),
        _unidentified(),
        _unidentified(),
    )
    household = await registry.post(
        "/api/v1/registry/households",
        headers=worker,
        json={
            "head_person_id": in_household,
            "office": COMMUNITY_A,
            "address": "东城路 1 号",
            "members": [],
        },
    )
    merges = f"{PERSONS}/{survivor}/merges"

    two_people = await registry.post(
        merges,
        json={"duplicate_person_id": younger},
        headers={**worker, "If-Match": '"1"'},
    )
    housed = await registry.post(
        merges,
        json={"duplicate_person_id": in_household},
        headers={**worker, "If-Match": '"1"'},
    )
    stale = await registry.post(
        merges,
        json={"duplicate_person_id": duplicate},
        headers={**worker, "If-Match": '"7"'},
    )
    after = (await registry.get(f"{PERSONS}/{survivor}", headers=worker)).json()

    assert household.status_code == 201, household.text
    for refused in (two_people, housed):
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"][0]["field"] == "duplicate_person_id"
    assert "remove it there first" in housed.json()["detail"]
    assert stale.status_code == 412
    assert after["version"] == 1


async def test_search_finds_any_document_and_phone_as_people_write_them(
    registry, token, listing
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    await _files(
        registry,
        worker,
        {
            **_unidentified(),
            "document_kind": "passport",
            "document_number": "E12345678",
            "phone": "0769-2222 1111",
        },
    )

    by_passport = await listing(registry, PERSONS, worker, 1, q="e12345678")
    by_landline = await listing(registry, PERSONS, worker, 1, q="0769-22221111")
    by_name = await listing(registry, PERSONS, worker, 1, q="张")

    assert by_passport["items"][0]["document_kind"] == "passport"
    assert by_landline["items"] == by_passport["items"] == by_name["items"]


async def test_search_finds_a_name_by_any_part_of_it(registry, token, listing) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    names = ["李建国", "建国华", "王建", "张国强"]
    await _files(registry, worker, *({**_unidentified(), "name": n} for n in names))
    await listing(registry, PERSONS, worker, 4)

    async def found(q: str) -> list[str]:
        page = (await registry.get(PERSONS, params={"q": q}, headers=worker)).json()
        return [item["name"] for item in page["items"]]

    # Names that begin with the query come first, then by name (code point order).
    assert await found("建国") == ["建国华", "李建国"]
    assert await found("国") == ["建国华", "张国强", "李建国"]
    assert await found("李建国") == ["李建国"]
    assert await found("国建") == []
