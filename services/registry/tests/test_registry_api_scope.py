"""Outside one's subtree a record does not exist (#14 item 9), over HTTP.

Access is checked before any rule of the domain, and a record outside the staff
member's subtree is answered exactly as an unknown id is: the same 404, the same body
but for the id. So no refusal (a death, a closed office) tells an outsider it exists.
"""

from __future__ import annotations

import httpx

from shequ.access import Role

DISTRICT, STREET_A, STREET_B = "441900000000", "441900101000", "441900102000"
COMMUNITY_A, COMMUNITY_B = "441900101001", "441900102001"
API = "/api/v1/registry"
PERSONS, HOUSEHOLDS, RENTALS = f"{API}/persons", f"{API}/households", f"{API}/rentals"
UNKNOWN = "person-00000000-0000-0000-0000-000000000000"


def _as_unknown(
    foreign: httpx.Response, unknown: httpx.Response, foreign_id: str, unknown_id: str
) -> tuple[str, str]:
    """The foreign id's answer, and the unknown id's with the foreign id put in."""
    assert (foreign.status_code, unknown.status_code) == (404, 404)
    return foreign.text, unknown.text.replace(unknown_id, foreign_id)


async def _person(http: httpx.AsyncClient, headers: dict, number: str, office: str):  # type: ignore[no-untyped-def]
    created = await http.post(
        PERSONS,
        json={
            "name": "张伟",
            "office": office,
            "address": "东城路 1 号",
            "document_number": number,
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    return created.json()["person_id"]


async def test_a_foreign_persons_death_answers_as_an_unknown_person(
    registry, token, resident_id
) -> None:
    b_worker = token(Role.COMMUNITY_WORKER, COMMUNITY_B)
    a_worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    in_b = await _person(registry, b_worker, resident_id(), COMMUNITY_B)
    died = await registry.post(
        f"{PERSONS}/{in_b}/death",
        json={"date_of_death": "2026-11-01"},
        headers={**b_worker, "If-Match": '"1"'},
    )
    head = await _person(registry, a_worker, resident_id(), COMMUNITY_A)
    household = await registry.post(
        HOUSEHOLDS,
        json={"head_person_id": head, "office": COMMUNITY_A, "address": "1 号"},
        headers=a_worker,
    )
    death = {"date_of_death": "2026-11-02"}

    foreign = await registry.post(
        f"{PERSONS}/{in_b}/death", json=death, headers={**a_worker, "If-Match": '"2"'}
    )
    unknown = await registry.post(
        f"{PERSONS}/{UNKNOWN}/death",
        json=death,
        headers={**a_worker, "If-Match": '"2"'},
    )
    member = {"person_id": in_b, "relationship": "child"}
    joined = await registry.post(
        f"{household.headers['Location']}/members",
        json=member,
        headers={**a_worker, "If-Match": '"1"'},
    )
    joined_unknown = await registry.post(
        f"{household.headers['Location']}/members",
        json={**member, "person_id": UNKNOWN},
        headers={**a_worker, "If-Match": '"1"'},
    )
    rented = await registry.post(
        RENTALS,
        json={"landlord_person_id": in_b, "office": COMMUNITY_A, "address": "3 号"},
        headers=a_worker,
    )
    rented_unknown = await registry.post(
        RENTALS,
        json={"landlord_person_id": UNKNOWN, "office": COMMUNITY_A, "address": "3 号"},
        headers=a_worker,
    )

    assert died.status_code == 200
    assert foreign.json()["detail"] == f"no person file {in_b}"
    for pair in [
        (foreign, unknown),
        (joined, joined_unknown),
        (rented, rented_unknown),
    ]:
        answer, as_unknown = _as_unknown(*pair, in_b, UNKNOWN)
        assert answer == as_unknown


async def test_a_landlord_living_elsewhere_is_recorded(
    registry, token, resident_id
) -> None:
    in_b = await _person(
        registry, token(Role.COMMUNITY_WORKER, COMMUNITY_B), resident_id(), COMMUNITY_B
    )

    rented = await registry.post(
        RENTALS,
        json={"landlord_person_id": in_b, "office": COMMUNITY_A, "address": "3 号"},
        headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A),
    )

    assert (rented.status_code, rented.json()["landlord_person_id"]) == (201, in_b)


async def test_foreign_households_rentals_offices_and_staff_answer_as_unknown(
    registry, token, resident_id
) -> None:
    b_worker = token(Role.COMMUNITY_WORKER, COMMUNITY_B)
    head = await _person(registry, b_worker, resident_id(), COMMUNITY_B)
    household = (
        await registry.post(
            HOUSEHOLDS,
            json={"head_person_id": head, "office": COMMUNITY_B, "address": "1 号"},
            headers=b_worker,
        )
    ).json()["household_id"]
    rental = (
        await registry.post(
            RENTALS,
            json={"landlord_person_id": head, "office": COMMUNITY_B, "address": "3"},
            headers=b_worker,
        )
    ).json()["rental_id"]
    staff = (
        await registry.post(
            f"{API}/staff",
            json={
                "login": "lina",
                "password": "correct horse",
                "name": "李娜",
                "office": COMMUNITY_B,
                "roles": ["community_worker"],
            },
            headers=token(Role.DISTRICT_ADMIN),
        )
    ).json()["staff_id"]
    a_admin = token(Role.STREET_ADMIN, STREET_A)
    a_match = {**a_admin, "If-Match": '"1"'}
    unknown_office = "441900101009"  # in street A, never opened
    pairs = [  # (foreign id, unknown id, method, path template, body)
        (household, "household-x", "GET", f"{HOUSEHOLDS}/{{}}", None),
        (
            household,
            "household-x",
            "POST",
            f"{HOUSEHOLDS}/{{}}/head",
            {"new_head_person_id": head, "relationships": {}},
        ),
        (rental, "rental-x", "GET", f"{RENTALS}/{{}}", None),
        (rental, "rental-x", "POST", f"{RENTALS}/{{}}/tenants", {"moved_in": []}),
        (STREET_B, unknown_office, "POST", f"{API}/offices/{{}}/name", {"name": "x"}),
        (
            STREET_B,
            unknown_office,
            "POST",
            f"{API}/offices/{{}}/closure",
            {"reason": "撤并"},
        ),
        (
            STREET_B,
            unknown_office,
            "GET",
            f"{API}/offices/{{}}/leadership-groups",
            None,
        ),
        (staff, "staff-x", "POST", f"{API}/staff/{{}}/roles", {"roles": ["auditor"]}),
        (
            staff,
            "staff-x",
            "POST",
            f"{API}/staff/{{}}/deactivation",
            {"reason": "调离"},
        ),
        (
            staff,
            "staff-x",
            "POST",
            f"{API}/staff/{{}}/password",
            {"password": "battery staple"},
        ),
    ]

    answers = []
    for foreign_id, unknown_id, method, path, body in pairs:
        foreign = await registry.request(
            method, path.format(foreign_id), json=body, headers=a_match
        )
        unknown = await registry.request(
            method, path.format(unknown_id), json=body, headers=a_match
        )
        answers.append(_as_unknown(foreign, unknown, foreign_id, unknown_id))

    assert [answer for answer, _ in answers] == [unknown for _, unknown in answers]


async def test_an_id_number_held_in_another_office_is_refused_without_the_file(
    registry, token, resident_id
) -> None:
    number = resident_id()
    in_b = await _person(
        registry, token(Role.COMMUNITY_WORKER, COMMUNITY_B), number, COMMUNITY_B
    )

    again = await registry.post(
        PERSONS,
        json={
            "name": "张伟",
            "office": COMMUNITY_A,
            "address": "东城路 1 号",
            "document_number": number,
        },
        headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A),
    )

    assert again.status_code == 409
    assert in_b not in again.text
    assert again.json()["errors"] == [
        {
            "field": "document_number",
            "message": "this document already belongs to a person file of an office"
            " outside yours: ask that office to move the person",
        }
    ]
