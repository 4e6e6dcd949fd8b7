"""A person erased (个人信息删除) as reporting shows them: ledgers, log, file, replay.

The feeds seal personal fields as the services do (under the runtime's key ring), the
registry erases the person (their key destroyed, ``PersonErased`` appended), and every
reader shows 姓名已删除 while the archive still holds every event, sealed.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import pytest

from shequ.access import Role
from shequ.contracts.personal import ERASED_DATE, ERASED_NAME, SEALED
from shequ.contracts.registry import HouseholdRegistered, PersonErased, PersonRegistered
from shequ.eventstore import NewStream
from shequ.reporting.cli.audit import main
from shequ.testing.feeds import COMMUNITY_A

ID_NUMBER, PHONE, NAME = "441900198404045678", "13912345678", "赵敏"
LEDGER = "/api/v1/reporting/ledgers/unemployed"
FIGURES = "/api/v1/reporting/figures"
AUDIT = "/api/v1/reporting/audit"


def _sealing(reporting) -> None:
    """The feeds write as the services do: personal fields sealed."""
    for feed in (reporting.registry, reporting.employment):
        feed.store.keyring = reporting.runtime.keyring


async def _registered(reporting) -> str:
    """A person with an ID, a phone and a household, unemployed."""
    person = f"person-{uuid.uuid4()}"
    await reporting.registry.start(
        [
            NewStream(
                "person",
                person,
                [
                    PersonRegistered(
                        person_id=person,
                        office=COMMUNITY_A,
                        name=NAME,
                        document_kind="resident_id",
                        document_number=ID_NUMBER,
                        document_masked="4419**********5678",
                        birth_date=date(1984, 4, 4),
                        sex="female",
                        phone=PHONE,
                        address="示范路8号",
                        residence="registered",
                        tags=[],
                    )
                ],
            ),
            NewStream(
                "household",
                f"household-{person}",
                [
                    HouseholdRegistered(
                        household_id=f"household-{person}",
                        head_person_id=person,
                        address="示范路8号",
                        office=COMMUNITY_A,
                    )
                ],
            ),
        ]
    )
    await reporting.labour(person, COMMUNITY_A, "unemployed", by="staff-a")
    return person


async def _erase(reporting, person: str) -> None:
    """What the registry does: destroy the key, then record the erasure."""
    await reporting.runtime.keyring.erase([person])
    await reporting.registry.append(
        person,
        [
            PersonErased(
                office=COMMUNITY_A, ground="registered_in_error", reason="登记错误"
            )
        ],
    )
    await reporting.settle()


async def _archive(reporting) -> list[str]:
    pool = reporting.runtime.state["generations"].pool("reporting-archive")
    return [r[0] for r in await pool.fetch("SELECT data::text FROM event_archive")]


async def _working_age(reporting, token) -> int:
    answer = await reporting.http.get(FIGURES, headers=token())
    assert answer.status_code == 200, answer.text
    offices = answer.json()["offices"]
    return sum(r["working_age"] for r in offices if r["level"] == "community")


async def test_the_archive_holds_no_name_phone_or_id_number_in_clear(reporting) -> None:
    _sealing(reporting)
    await _registered(reporting)
    await reporting.settle()

    stored = "\n".join(await _archive(reporting))

    assert NAME not in stored
    assert PHONE not in stored
    assert ID_NUMBER not in stored
    assert "示范路8号" not in stored
    assert SEALED in stored


async def test_the_log_shows_opened_data_to_a_cleared_reader_never_the_sealed_box(
    reporting, token
) -> None:
    _sealing(reporting)
    person = await _registered(reporting)
    await reporting.settle()

    answer = await reporting.http.get(
        f"{AUDIT}/events",
        params={"stream_id": person},
        headers=token(Role.DISTRICT_ADMIN),
    )

    [registered] = answer.json()["items"]
    assert SEALED not in registered["data"]
    assert registered["data"]["name"] == NAME
    assert registered["data"]["birth_date"] == "1984-04-04"


async def test_an_erased_person_reads_as_erased_in_ledgers_log_file_and_replay(
    reporting, token
) -> None:
    _sealing(reporting)
    person = await _registered(reporting)
    await reporting.settle()
    counted_before = await _working_age(reporting, token)

    await _erase(reporting, person)

    ledger = (await reporting.http.get(LEDGER, headers=token())).json()["items"]
    log = (
        await reporting.http.get(
            f"{AUDIT}/events", params={"person": person}, headers=token()
        )
    ).json()["items"]
    file = (
        await reporting.http.get(
            f"/api/v1/reporting/persons/{person}/file", headers=token()
        )
    ).json()
    case = await reporting.http.get(f"{AUDIT}/streams/{person}", headers=token())

    [row] = [r for r in ledger if r["person_id"] == person]
    assert (row["name"], row["document_masked"]) == (ERASED_NAME, None)
    by_type = {e["event_type"]: e["data"] for e in log}
    assert set(by_type) == {
        "PersonRegistered",
        "HouseholdRegistered",
        "LabourStatusRecorded",
        "PersonErased",
    }
    assert {k: by_type["PersonRegistered"][k] for k in ("name", "phone")} == {
        "name": ERASED_NAME,
        "phone": None,
    }
    assert by_type["PersonRegistered"]["document_number"] is None
    assert by_type["PersonRegistered"]["birth_date"] == ERASED_DATE.isoformat()
    assert by_type["HouseholdRegistered"]["address"] == "已删除"
    assert all(SEALED not in data for data in by_type.values())
    assert file["name"] == ERASED_NAME
    assert all(SEALED not in e["data"] for e in file["entries"])
    assert case.status_code == 200, case.text
    assert case.json()["state"]["name"] == ERASED_NAME
    assert [e["event_type"] for e in case.json()["events"]] == [
        "PersonRegistered",
        "PersonErased",
    ]
    # Their age is gone: figures count them at no moment.
    assert await _working_age(reporting, token) == counted_before - 1


async def test_the_erasure_event_alone_erases_the_person_here_at_once(
    reporting, token
) -> None:
    """Another process may still cache the key (or the registry not yet have
    destroyed it): once this service has read PersonErased, it shows nothing."""
    _sealing(reporting)
    person = await _registered(reporting)
    await reporting.settle()  # its projections have read (and cached) the key
    await reporting.registry.append(
        person,
        [PersonErased(office=COMMUNITY_A, ground="registered_in_error", reason="误登")],
    )
    await reporting.settle()

    log = (
        await reporting.http.get(
            f"{AUDIT}/events", params={"person": person}, headers=token()
        )
    ).json()["items"]

    assert not await reporting.runtime.keyring.erased([person])  # the key is there
    registered = next(e for e in log if e["event_type"] == "PersonRegistered")
    assert registered["data"]["name"] == ERASED_NAME
    assert registered["data"]["phone"] is None


async def test_after_erasure_the_archive_still_holds_every_event_sealed(
    reporting,
) -> None:
    _sealing(reporting)
    person = await _registered(reporting)
    await reporting.settle()
    before = set(await _archive(reporting))

    await _erase(reporting, person)

    after = set(await _archive(reporting))
    assert before < after  # the events as published, and the erasure beside them
    assert not any(NAME in data or PHONE in data for data in after)


async def test_a_rebuild_after_erasure_gives_the_ledgers_as_they_were_wiped(
    reporting, token
) -> None:
    _sealing(reporting)
    person = await _registered(reporting)
    await reporting.settle()
    await _erase(reporting, person)
    pool = reporting.runtime.state["generations"].pool("reporting-ledgers")
    live = [
        tuple(r)
        for r in await pool.fetch(
            "SELECT * FROM people WHERE person_id = $1 ORDER BY valid_from", person
        )
    ]

    answer = await reporting.http.post(
        "/api/v1/reporting/projections/reporting-ledgers/rebuild", headers=token()
    )

    assert answer.status_code == 200
    pool = reporting.runtime.state["generations"].pool("reporting-ledgers")
    rebuilt = [
        tuple(r)
        for r in await pool.fetch(
            "SELECT * FROM people WHERE person_id = $1 ORDER BY valid_from", person
        )
    ]
    assert rebuilt == live
    assert [
        (r["name"], r["erased"])
        for r in map(
            dict,
            await pool.fetch(
                "SELECT name, erased FROM people WHERE person_id = $1", person
            ),
        )
    ] == [(ERASED_NAME, True)]


@pytest.fixture
def shequ(reporting, monkeypatch, capsys):
    """``shequ ...`` in-process on reporting's database, keys from the environment."""
    settings = reporting.runtime.settings
    monkeypatch.setenv("SHEQU_DATABASE_URL", settings.database_url)
    # As the service's role: the process's one ring for that table, so the erasure
    # made here is seen at once (another process sees it within KEEP_SECONDS).
    monkeypatch.setenv("SHEQU_DATABASE_ROLE", settings.database_role or "")

    async def run(*argv: str) -> tuple[int, str]:
        code = await asyncio.to_thread(main, list(argv))
        return code, capsys.readouterr().out

    return run


async def test_the_audit_cli_replays_an_erased_persons_stream_as_erased(
    reporting, shequ
) -> None:
    _sealing(reporting)
    person = await _registered(reporting)
    await reporting.settle()
    _, before = await shequ("audit", "replay", person)

    await _erase(reporting, person)
    code, after = await shequ("audit", "replay", person)

    assert "赵*" in before  # opened with the environment's key, masked as for all
    assert code == 0
    assert ERASED_NAME in after
    assert NAME not in after
    assert "示范路8号" not in after
    assert SEALED not in before + after
