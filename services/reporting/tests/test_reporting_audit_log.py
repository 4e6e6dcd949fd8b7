"""The audit log and case replay over HTTP, from registry, employment and rehab."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from shequ.access import Acting, Actor, OfficeCode, Role
from shequ.contracts.employment import EmploymentDifficultyIdentified, FollowUpScheduled
from shequ.contracts.registry import OfficeRenamed
from shequ.eventstore import Metadata
from shequ.reporting.domain.access import clearance
from shequ.reporting.domain.privacy import Clearance
from shequ.reporting.handlers.access_log import record_restricted_reads
from shequ.reporting.readmodels.audit import LogQuery, audit_log, replay
from shequ.reporting.readmodels.audit.replay import NOT_INSTALLED
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B, DISTRICT, STREET_A, STREET_B

LOG = "/api/v1/reporting/audit/events"
STREAMS = "/api/v1/reporting/audit/streams"


async def _world(reporting) -> tuple[str, str]:
    """Person a in community A (unemployed, then employed), b in community B."""
    a = await reporting.registry.person(COMMUNITY_A, date(1985, 6, 1))
    b = await reporting.registry.person(COMMUNITY_B, date(1990, 2, 1))
    await reporting.labour(a, COMMUNITY_A, "unemployed", by="staff-a")
    await reporting.labour(b, COMMUNITY_B, "unemployed", by="staff-b")
    await reporting.labour(a, COMMUNITY_A, "employed", by="staff-a")
    await reporting.settle()
    return a, b


async def _log(reporting, headers, **params) -> list[dict]:
    answer = await reporting.http.get(LOG, params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def _what(items: list[dict]) -> list[tuple]:
    return [
        (
            e["service"],
            e["event_type"],
            e["stream_id"],
            e["version"],
            e["actor"],
            e["office"],
        )
        for e in items
    ]


async def test_the_log_filters_by_actor_and_stream_newest_first(
    reporting, token
) -> None:
    a, b = await _world(reporting)

    by_actor = await _log(reporting, token(Role.AUDITOR), actor="staff-a")
    by_stream = await _log(reporting, token(Role.AUDITOR), stream_id=f"labour/{b}")

    labour = ("employment", "LabourStatusRecorded", f"labour/{a}")
    assert _what(by_actor) == [
        (*labour, 2, "staff-a", COMMUNITY_A),
        (*labour, 1, "staff-a", COMMUNITY_A),
    ]
    assert _what(by_stream) == [
        ("employment", "LabourStatusRecorded", f"labour/{b}", 1, "staff-b", COMMUNITY_B)
    ]
    assert by_stream[0]["data"]["status"] == "unemployed"
    assert by_stream[0]["person_ids"] == [b]


async def test_the_log_filters_by_a_time_range_inclusive(reporting, token) -> None:
    a, b = await _world(reporting)
    ordered = await _log(reporting, token(), service="employment", order="oldest")
    first, second, third = (datetime.fromisoformat(e["recorded_at"]) for e in ordered)

    just_after = (first + timedelta(microseconds=1)).isoformat()
    middle = await _log(
        reporting,
        token(),
        service="employment",
        **{"from": second.isoformat(), "to": second.isoformat()},
    )
    later = await _log(reporting, token(), service="employment", **{"from": just_after})

    assert first < second < third
    assert _what(middle) == [
        ("employment", "LabourStatusRecorded", f"labour/{b}", 1, "staff-b", COMMUNITY_B)
    ]
    assert [e["stream_id"] for e in later] == [f"labour/{a}", f"labour/{b}"]


async def test_an_office_filter_reads_that_subtree_across_services(
    reporting, token
) -> None:
    _, b = await _world(reporting)

    street_b = await _log(reporting, token(), office=STREET_B, order="oldest")

    assert [
        (e["service"], e["event_type"], e["stream_id"], e["office"]) for e in street_b
    ] == [
        ("registry", "OfficeOpened", STREET_B, STREET_B),
        ("registry", "OfficeOpened", COMMUNITY_B, COMMUNITY_B),
        ("registry", "PersonRegistered", b, COMMUNITY_B),
        ("employment", "LabourStatusRecorded", f"labour/{b}", COMMUNITY_B),
    ]


async def test_the_log_says_and_filters_which_office_the_actor_acted_from(
    reporting, token
) -> None:
    a, _ = await _world(reporting)
    await reporting.labour(
        a, COMMUNITY_A, "flexible", by="street-admin-9", acting_from=STREET_A
    )
    await reporting.settle()

    by_admin = await _log(reporting, token(), actor="street-admin-9")
    from_community = await _log(
        reporting, token(), acting_office=COMMUNITY_A, service="employment"
    )
    for_community = await _log(
        reporting, token(), office=COMMUNITY_A, service="employment"
    )

    assert [(e["acting_office"], e["office"]) for e in by_admin] == [
        (STREET_A, COMMUNITY_A)
    ]
    assert {e["actor"] for e in from_community} == {"staff-a"}
    assert {e["actor"] for e in for_community} == {"staff-a", "street-admin-9"}


async def test_a_street_admin_sees_only_their_subtree(reporting, token) -> None:
    a, _ = await _world(reporting)
    # OfficeRenamed names no office in its data and the feed acts for none: the
    # archive keeps it without an office, which only a district reads.
    await reporting.registry.append(
        COMMUNITY_A,
        [OfficeRenamed(previous_name=f"office {COMMUNITY_A}", name="新华社区")],
    )
    await reporting.settle()
    street_a = token(Role.STREET_ADMIN, STREET_A)

    seen = await _log(reporting, street_a, size=500)
    elsewhere = await reporting.http.get(
        LOG, params={"office": STREET_B}, headers=street_a
    )
    district = await _log(reporting, token(Role.AUDITOR), event_type="OfficeRenamed")

    assert {e["office"] for e in seen} == {STREET_A, COMMUNITY_A, "441900101002"}
    assert {e["stream_id"] for e in seen} >= {a, f"labour/{a}"}
    assert elsewhere.status_code == 404  # as an unknown office
    assert _what(district) == [
        ("registry", "OfficeRenamed", COMMUNITY_A, 2, "feed", None)
    ]


async def test_readers_are_auditors_and_admins(reporting, token) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A)
    police = token(Role.POLICE_LIAISON, DISTRICT)

    answers = [await reporting.http.get(LOG, headers=h) for h in (worker, police)]

    assert [a.status_code for a in answers] == [403, 403]


async def _rehab_case(reporting, person: str) -> str:
    """A rehab case of ``person`` opened by the police liaison; its stream id."""
    case = await reporting.rehab_case(
        person, COMMUNITY_A, by="police-1", case_id=f"case-{person}"
    )
    await reporting.settle()
    return f"rehab_case/{case}"


async def test_rehab_data_is_withheld_from_an_auditor(reporting, token) -> None:
    a, _ = await _world(reporting)
    case = await _rehab_case(reporting, a)

    [entry] = await _log(reporting, token(Role.AUDITOR), service="rehab")
    replayed = await reporting.http.get(
        f"{STREAMS}/{case}", headers=token(Role.AUDITOR)
    )
    recorded = await reporting.runtime.store.pool.fetchval(
        "SELECT count(*) FROM events WHERE stream_type = 'access_log'"
    )

    assert _what([entry]) == [
        ("rehab", "RehabDecisionReceived", case, 1, "police-1", COMMUNITY_A)
    ]
    assert (entry["restricted"], entry["data"]) == (True, None)
    assert entry["person_ids"] == [a]
    # Not even its state as rehab's rules fold it: a restricted record is hidden.
    assert (replayed.json()["state"], replayed.json()["state_note"]) == (
        None,
        "a restricted record: its state is shown only to readers cleared for it",
    )
    assert replayed.json()["events"][0]["data"] is None
    assert recorded == 0  # nothing restricted was shown, so no read to record


async def test_a_rehab_reader_sees_restricted_data_and_the_read_is_recorded(
    reporting,
) -> None:
    # Tokens here carry one role, and rehab roles do not read the audit log: this
    # drives the two halves a reader with both roles goes through.
    a, _ = await _world(reporting)
    await _rehab_case(reporting, a)
    archive = reporting.runtime.state["generations"].pool("reporting-archive")
    reader = Actor(
        staff_id="auditor-1",
        office=OfficeCode(DISTRICT),
        roles=frozenset({Role.AUDITOR, Role.ANTI_DRUG_OFFICE}),
    )

    items, total = await audit_log(
        archive, LogQuery(service="rehab"), clearance=clearance(reader), page=1, size=10
    )
    by = Acting.of(reader, reporting.runtime.clock())
    await record_restricted_reads(reporting.runtime.store, by, items, "audit log")
    [read] = await reporting.runtime.store.pool.fetch(
        """SELECT actor, office, data::text FROM events
           WHERE stream_type = 'access_log'"""
    )

    assert total == 1
    assert items[0].data is not None
    assert (items[0].data["person_id"], items[0].data["office"]) == (a, COMMUNITY_A)
    assert items[0].data["decision_number"] == "东公(禁)决字〔2026〕1号"
    assert (read["actor"], read["office"]) == ("auditor-1", DISTRICT)
    assert json.loads(read["data"]) == {
        "staff_id": "auditor-1",
        "office": DISTRICT,
        "person_id": a,
        "services": ["rehab"],
        "event_ids": [items[0].event_id],
        "purpose": "audit log",
    }


async def test_a_case_replayed_as_of_a_past_moment_is_as_it_was_then(
    reporting, token
) -> None:
    a, _ = await _world(reporting)
    [_, earlier] = await _log(reporting, token(), stream_id=f"labour/{a}")
    then = datetime.fromisoformat(earlier["recorded_at"])

    def at(moment: datetime) -> dict:
        return {"as_of": moment.isoformat()}

    past = await reporting.http.get(
        f"{STREAMS}/labour/{a}", params=at(then), headers=token(Role.AUDITOR)
    )
    now = await reporting.http.get(f"{STREAMS}/labour/{a}", headers=token(Role.AUDITOR))
    before = await reporting.http.get(
        f"{STREAMS}/labour/{a}",
        params=at(then - timedelta(microseconds=1)),
        headers=token(Role.AUDITOR),
    )

    assert past.status_code == 200, past.text
    # The labour profile as employment's own decider folds it, nothing merged in.
    assert past.json()["state"] == {
        "person_id": a,
        "office": COMMUNITY_A,
        "status": "unemployed",
        "employer": None,
        "since": "2026-03-01",
        "flexible": None,
        "seeking": None,
    }
    assert past.json()["state_note"] is None
    assert past.json()["events"] == [earlier]
    assert past.json()["service"] == "employment"
    assert (past.json()["office"], past.json()["office_name"]) == (
        COMMUNITY_A,
        f"office {COMMUNITY_A}",
    )
    assert now.json()["state"] == {
        "person_id": a,
        "office": COMMUNITY_A,
        "status": "employed",
        "employer": "示范厂",
        "since": "2026-03-01",
        "flexible": None,
        "seeking": None,
    }
    # Before its first event the case did not exist: said so, not an empty state.
    assert before.status_code == 422
    assert before.json()["type"].endswith("nothing-recorded-yet")
    assert before.json()["errors"][0]["field"] == "as_of"


async def test_a_case_is_replayed_only_within_the_readers_subtree(
    reporting, token
) -> None:
    a, _ = await _world(reporting)

    case = f"{STREAMS}/labour/{a}"
    own = await reporting.http.get(case, headers=token(Role.STREET_ADMIN, STREET_A))
    other = await reporting.http.get(case, headers=token(Role.STREET_ADMIN, STREET_B))
    missing = await reporting.http.get(f"{STREAMS}/labour/nobody", headers=token())

    assert own.status_code == 200
    assert other.status_code == 404  # as an unknown stream
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["field"] == "stream_id"


async def test_the_log_of_one_person_lists_every_service_that_recorded_them(
    reporting, token
) -> None:
    a, b = await _world(reporting)
    household = await reporting.zero_household(COMMUNITY_A, a, date(2026, 3, 1))
    await _rehab_case(reporting, a)  # restricted: not for an auditor to find

    items = await _log(reporting, token(Role.AUDITOR), person=a, order="oldest")

    assert [(e["service"], e["event_type"], e["stream_id"]) for e in items] == [
        ("registry", "PersonRegistered", a),
        ("employment", "LabourStatusRecorded", f"labour/{a}"),
        ("employment", "LabourStatusRecorded", f"labour/{a}"),
        ("registry", "HouseholdRegistered", household),
        (
            "employment",
            "ZeroEmploymentHouseholdIdentified",
            f"zero-household/{household}",
        ),
    ]
    assert all(a in e["person_ids"] and b not in e["person_ids"] for e in items)


async def _assistance_with_two_follow_ups(reporting, person: str) -> str:
    stream = f"assistance/{person}"
    events = [
        EmploymentDifficultyIdentified(
            person_id=person,
            office=COMMUNITY_A,
            category="long_term_unemployed",
            identified_on=date(2026, 3, 2),
            notes="失业一年以上",
        ),
        *(
            FollowUpScheduled(
                person_id=person,
                office=COMMUNITY_A,
                follow_up_id=follow_up,
                kind="home_visit",
                due_on=due,
                assigned_to="staff-a",
                purpose=purpose,
            )
            for follow_up, due, purpose in (
                ("f-1", date(2026, 3, 9), "了解求职意向"),
                ("f-2", date(2026, 3, 16), "推荐岗位"),
            )
        ),
    ]
    await reporting.employment.append(
        stream, events, Metadata(actor="staff-a", office=COMMUNITY_A)
    )
    await reporting.settle()
    return stream


def _follow_up(follow_up_id: str, due: str, purpose: str) -> dict:
    return {
        "follow_up_id": follow_up_id,
        "kind": "home_visit",
        "due_on": due,
        "assigned_to": "staff-a",
        "purpose": purpose,
        "state": "open",
        "closed_on": None,
        "cancel_reason": None,
    }


async def test_a_case_with_two_follow_ups_is_replayed_with_both(
    reporting, token
) -> None:
    a, _ = await _world(reporting)
    stream = await _assistance_with_two_follow_ups(reporting, a)

    replayed = await reporting.http.get(
        f"{STREAMS}/{stream}", headers=token(Role.AUDITOR)
    )

    assert replayed.status_code == 200, replayed.text
    state = replayed.json()["state"]
    # As employment's own rules fold the case: both follow-ups, each whole.
    assert state["follow_ups"] == [
        _follow_up("f-1", "2026-03-09", "了解求职意向"),
        _follow_up("f-2", "2026-03-16", "推荐岗位"),
    ]
    assert state["cases"] == [
        {
            "category": "long_term_unemployed",
            "identified_on": "2026-03-02",
            "notes": "失业一年以上",
            "resolved_on": None,
            "reason": None,
        }
    ]
    assert [e["event_type"] for e in replayed.json()["events"]] == [
        "EmploymentDifficultyIdentified",
        "FollowUpScheduled",
        "FollowUpScheduled",
    ]


async def test_a_stream_whose_owner_is_not_installed_shows_no_state_not_a_guess(
    reporting, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _ = await _world(reporting)
    stream = await _rehab_case(reporting, a)
    # As on a reporting installed without rehab: no service here declares its rules.
    monkeypatch.setattr("shequ.service._states._deciders", lambda _service: {})
    archive = reporting.runtime.state["generations"].pool("reporting-archive")

    case = await replay(
        archive,
        stream,
        datetime.now(UTC),
        clearance=Clearance(restricted=True, names=True, identity=True),
        sees=lambda _: True,
    )

    assert [e.event_type for e in case.events] == ["RehabDecisionReceived"]
    assert (case.state, case.state_note) == (None, NOT_INSTALLED)


async def test_audit_events_name_their_offices(reporting, token) -> None:
    a, _ = await _world(reporting)

    [later, _] = await _log(reporting, token(), stream_id=f"labour/{a}")

    assert (later["office"], later["office_name"]) == (
        COMMUNITY_A,
        f"office {COMMUNITY_A}",
    )
    assert later["acting_office_name"] == f"office {later['acting_office']}"
