"""The person file (一人一档) across services, and who may see rehab records in it."""

from __future__ import annotations

from datetime import date

from shequ.access import Role
from shequ.contracts.employment import LabourStatusRecorded
from shequ.testing.feeds import COMMUNITY_A, STREET_A, STREET_B


def _file(person: str) -> str:
    return f"/api/v1/reporting/persons/{person}/file"


async def _person_with_history(reporting) -> str:
    person = await reporting.registry.person(COMMUNITY_A, date(1984, 4, 4), name="李四")
    household = await reporting.registry.household(COMMUNITY_A, person)
    await reporting.employment.append(f"labour/{person}", [LabourStatusRecorded(
        person_id=person, office=COMMUNITY_A, status="unemployed", employer=None,
        since=date(2026, 2, 1), reason="工厂关闭", source="home_visit")])  # fmt: skip
    rehab_event = reporting.rehab.store.catalog.model("RehabCaseOpened")(
        person_id=person, office=COMMUNITY_A, kind="community_detox"
    )
    await reporting.rehab.append(f"rehab-case/{person}", [rehab_event])
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

    assert "RehabCaseOpened" in [e["event_type"] for e in rehab.json()["entries"]]
    assert rehab.json()["restricted_shown"] == 1
    assert "RehabCaseOpened" not in [e["event_type"] for e in auditor.json()["entries"]]
    assert auditor.json()["name"] == "李*"
    logged = await reporting.runtime.store.read_all((0, 0))
    [read] = [e for e in logged if e.event_type == "RestrictedRecordsRead"]
    assert read.data["staff_id"] == "rehab-7"
    assert read.data["person_id"] == person


async def test_another_streets_staff_cannot_open_the_file(reporting, token) -> None:
    person = await _person_with_history(reporting)
    await reporting.settle()

    answer = await reporting.http.get(
        _file(person), headers=token(Role.REHAB_WORKER, STREET_B)
    )

    assert answer.status_code == 403
