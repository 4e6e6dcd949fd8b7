"""The person file (一人一档) across services, and who may see rehab records in it."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

from shequ.access import Role
from shequ.contracts.registry import PersonRegistered
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_A2, DISTRICT, STREET_A, STREET_B

ID_NUMBER, PHONE = "441900198404041234", "13800138000"


def _file(person: str) -> str:
    return f"/api/v1/reporting/persons/{person}/file"


async def _person_with_history(reporting) -> str:
    person = await reporting.registry.person(COMMUNITY_A, date(1984, 4, 4), name="李四")
    household = await reporting.registry.household(COMMUNITY_A, person)
    await reporting.labour(
        person, COMMUNITY_A, "unemployed", since=date(2026, 2, 1), reason="工厂关闭"
    )
    await reporting.rehab_case(person, COMMUNITY_A)
    assert household
    return person


async def test_the_file_gathers_both_services_in_time_order(reporting, token) -> None:
    person = await _person_with_history(reporting)
    await reporting.settle()

    answer = await reporting.http.get(
        _file(person), headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    )

    body = answer.json()
    assert answer.status_code == 200, answer.text
    assert body["name"] == "李四"
    assert [(e["service"], e["event_type"]) for e in body["entries"]] == [
        ("registry", "PersonRegistered"),
        ("registry", "HouseholdRegistered"),
        ("employment", "LabourStatusRecorded"),
    ]
    assert body["restricted_shown"] == 0


async def test_rehab_records_appear_only_for_rehab_roles_and_the_read_is_logged(
    reporting, token
) -> None:
    person = await _person_with_history(reporting)
    await reporting.settle()

    rehab = await reporting.http.get(
        _file(person), headers=token(Role.REHAB_WORKER, STREET_A, "rehab-7")
    )
    auditor = await reporting.http.get(_file(person), headers=token(Role.AUDITOR))

    assert "RehabDecisionReceived" in [e["event_type"] for e in rehab.json()["entries"]]
    assert rehab.json()["restricted_shown"] == 1
    assert "RehabDecisionReceived" not in [
        e["event_type"] for e in auditor.json()["entries"]
    ]
    assert auditor.json()["name"] == "李*"
    logged = await reporting.runtime.store.read_all((0, 0))
    [read] = [e for e in logged if e.event_type == "RestrictedRecordsRead"]
    assert read.data["staff_id"] == "rehab-7"
    assert read.data["person_id"] == person


async def test_the_record_of_a_rehab_read_is_as_hidden_as_the_rehab_records(
    reporting, token
) -> None:
    person = await _person_with_history(reporting)
    await reporting.settle()
    rehab = token(Role.REHAB_WORKER, STREET_A, "rehab-7")
    await reporting.http.get(_file(person), headers=rehab)
    async with asyncio.timeout(10):  # until the read is published
        while (await reporting.runtime.relay.status()).pending:
            await asyncio.sleep(0.01)
    await reporting.settle()

    worker = await reporting.http.get(
        _file(person), headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    )
    again = await reporting.http.get(_file(person), headers=rehab)

    assert [e["event_type"] for e in worker.json()["entries"]] == [
        "PersonRegistered",
        "HouseholdRegistered",
        "LabourStatusRecorded",
    ]
    assert "RestrictedRecordsRead" in [e["event_type"] for e in again.json()["entries"]]


async def test_the_file_reads_the_same_from_the_street_and_the_district(
    reporting, token
) -> None:
    person = await _person_with_history(reporting)
    await reporting.settle()
    readers = [
        token(Role.COMMUNITY_WORKER, COMMUNITY_A),
        token(Role.STREET_ADMIN, STREET_A),
        token(Role.DISTRICT_ADMIN, DISTRICT),
    ]

    files = [
        (await reporting.http.get(_file(person), headers=h)).json() for h in readers
    ]
    neighbour = await reporting.http.get(
        _file(person), headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A2)
    )

    assert [len(f["entries"]) for f in files] == [3, 3, 3]
    assert files[1] == files[0]
    assert files[2] == files[0]
    assert neighbour.status_code == 404  # as an unknown person


async def test_another_streets_staff_cannot_open_the_file(reporting, token) -> None:
    person = await _person_with_history(reporting)
    await reporting.settle()

    answer = await reporting.http.get(
        _file(person), headers=token(Role.REHAB_WORKER, STREET_B)
    )

    assert answer.status_code == 404  # as an unknown person


async def _identified_person(reporting) -> tuple[str, str]:
    """A person registered with an ID and a phone; their id and position."""
    person = f"person-{uuid.uuid4()}"
    written = await reporting.registry.append(
        person,
        [
            PersonRegistered(
                person_id=person,
                office=COMMUNITY_A,
                name="王小明",
                document_kind="resident_id",
                document_number=ID_NUMBER,
                document_masked="4419**********1234",
                birth_date=date(1984, 4, 4),
                sex="male",
                phone=PHONE,
                address="示范路2号",
                residence="registered",
                tags=[],
            )
        ],
    )
    return person, f"registry:{written.transaction_id}.{written.last_position}"


async def test_numbers_and_names_are_masked_wherever_the_archive_shows_them(
    reporting, token
) -> None:
    person, _ = await _identified_person(reporting)
    await reporting.settle()
    auditor, worker = token(Role.AUDITOR), token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    audit = "/api/v1/reporting/audit"

    file = await reporting.http.get(_file(person), headers=auditor)
    log = await reporting.http.get(
        f"{audit}/events", params={"stream_id": person}, headers=auditor
    )
    case = await reporting.http.get(f"{audit}/streams/{person}", headers=auditor)
    whole = (await reporting.http.get(_file(person), headers=worker)).json()

    for data in (
        file.json()["entries"][0]["data"],
        log.json()["items"][0]["data"],
        case.json()["state"],
    ):
        assert data["document_number"] == "4419**********1234"
        assert data["phone"] == "138****8000"
        assert data["name"] == "王**"
    assert whole["entries"][0]["data"]["document_number"] == ID_NUMBER
    assert whole["entries"][0]["data"]["phone"] == PHONE
    assert whole["entries"][0]["data"]["name"] == "王小明"


async def test_the_file_given_a_position_waits_for_a_person_just_registered(
    reporting, token
) -> None:
    person, position = await _identified_person(reporting)

    async def publish_later() -> None:
        await asyncio.sleep(0.3)
        await reporting.registry.publish()

    publishing = asyncio.create_task(publish_later())
    answer = await reporting.http.get(
        _file(person),
        params={"after": position},
        headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A),
    )
    await publishing

    assert answer.status_code == 200, answer.text
    assert [e["event_type"] for e in answer.json()["entries"]] == ["PersonRegistered"]


async def test_a_long_file_comes_a_page_at_a_time(reporting, token) -> None:
    person = await _person_with_history(reporting)
    await reporting.settle()

    second = await reporting.http.get(
        _file(person),
        params={"page": 2, "size": 2},
        headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A),
    )

    body = second.json()
    assert (body["total"], body["page"], body["size"]) == (3, 2, 2)
    assert [e["event_type"] for e in body["entries"]] == ["LabourStatusRecorded"]
