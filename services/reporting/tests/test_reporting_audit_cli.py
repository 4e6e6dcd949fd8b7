"""``shequ audit log / replay / ledger`` in-process, against a running reporting."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

import pytest

from shequ.contracts.employment import EmploymentDifficultyIdentified, FollowUpScheduled
from shequ.reporting.cli.audit import main
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B, STREET_B


@pytest.fixture
def shequ(reporting, monkeypatch, capsys):
    """Run ``shequ ...`` against the reporting database; (exit code, stdout lines)."""
    monkeypatch.setenv("SHEQU_DATABASE_URL", reporting.runtime.settings.database_url)

    async def run(*argv: str) -> tuple[int, list[str]]:
        # In a thread: main runs its own event loop, as the console script does.
        code = await asyncio.to_thread(main, list(argv))
        return code, capsys.readouterr().out.splitlines()

    return run


async def _recorded_at(reporting, stream_id: str) -> list[datetime]:
    rows = await reporting.employment.store.pool.fetch(
        "SELECT recorded_at FROM events WHERE stream_id = $1 ORDER BY version",
        stream_id,
    )
    return [r[0] for r in rows]


async def test_log_prints_who_did_what_filtered_newest_first(reporting, shequ) -> None:
    a = await reporting.registry.person(COMMUNITY_A, date(1985, 6, 1))
    b = await reporting.registry.person(COMMUNITY_B, date(1990, 2, 1))
    await reporting.labour(a, COMMUNITY_A, "unemployed", by="staff-a")
    # Recorded by the street's staff for a record of one of its communities.
    await reporting.labour(
        b, COMMUNITY_B, "unemployed", by="staff-b", acting_from=STREET_B
    )
    await reporting.labour(a, COMMUNITY_A, "employed", by="staff-a")
    await reporting.settle()

    code, by_actor = await shequ("audit", "log", "--actor", "staff-a")
    _, street_b = await shequ(
        "audit", "log", "--office", STREET_B, "--service", "employment"
    )
    _, from_street = await shequ("audit", "log", "--acting-office", STREET_B)
    _, none = await shequ("audit", "log", "--to", "2000-01-01")
    _, second_page = await shequ(
        "audit", "log", "--actor", "staff-a", "--limit", "1", "--page", "2"
    )

    assert code == 0
    assert by_actor[0].split() == [
        "记录时间",
        "操作人",
        "操作单位",
        "所属单位",
        "服务",
        "事件",
        "流",
        "版本",
    ]
    # The recorded time prints as two words (date, time): the rest follows it. An
    # office prints by its name with its code ("office <code>" in these tests).
    a_by_staff_a = [
        "staff-a",
        *_office(COMMUNITY_A),
        *_office(COMMUNITY_A),
        "employment",
        "LabourStatusRecorded",
        f"labour/{a}",
    ]
    assert [line.split()[2:] for line in by_actor[2:4]] == [
        [*a_by_staff_a, "2"],
        [*a_by_staff_a, "1"],
    ]
    assert by_actor[4:] == ["共 2 条，第 1–2 条"]
    staff_b = [
        [
            "staff-b",
            *_office(STREET_B),
            *_office(COMMUNITY_B),
            "employment",
            "LabourStatusRecorded",
            f"labour/{b}",
            "1",
        ]
    ]
    assert [line.split()[2:] for line in street_b[2:-1]] == staff_b
    assert [line.split()[2:] for line in from_street[2:-1]] == staff_b
    assert none[-1] == "共 0 条，显示 0 条"
    assert second_page[2].split()[-1] == "1"  # the older of staff-a's two
    assert second_page[-1] == "共 2 条，第 2 条"


def _office(code: str) -> list[str]:
    """An office as a line shows it, split at spaces: 东向社区（441900102001）."""
    return ["office", f"{code}（{code}）"]


async def test_replay_prints_a_case_as_it_stood_then(reporting, shequ) -> None:
    a = await reporting.registry.person(COMMUNITY_A, date(1985, 6, 1))
    await reporting.labour(a, COMMUNITY_A, "unemployed", by="staff-a")
    await reporting.labour(a, COMMUNITY_A, "employed", by="staff-a")
    await reporting.settle()
    [first, _] = await _recorded_at(reporting, f"labour/{a}")

    code, then = await shequ(
        "audit", "replay", f"labour/{a}", "--as-of", first.isoformat()
    )
    _, now = await shequ("audit", "replay", f"labour/{a}")
    missing, nothing = await shequ("audit", "replay", "labour/nobody")

    assert code == 0
    assert then[0].startswith(f"labour/{a}（employment labour_profile）截至 ")
    assert then[0].endswith(f"单位 office {COMMUNITY_A}（{COMMUNITY_A}）")
    assert [line.split()[0] for line in then[3:5]] == ["1", "当时状态："]
    # The state as employment's own rules fold the labour profile.
    assert then[5:] == [
        f"  person_id: {a}",
        f"  office: {COMMUNITY_A}",
        "  status: unemployed",
        "  employer: -",
        "  since: 2026-03-01",
        "  flexible: -",
        "  seeking: -",
    ]
    assert "  status: employed" in now
    assert "  employer: 示范厂" in now
    assert (missing, nothing) == (2, [])  # the reason goes to stderr


async def test_replay_prints_every_follow_up_of_an_assistance_case(
    reporting, shequ
) -> None:
    person = await reporting.registry.person(COMMUNITY_A, date(1985, 6, 1))
    await reporting.employment.append(
        f"assistance/{person}",
        [
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
                    kind="phone_call",
                    due_on=date(2026, 3, 9),
                    assigned_to="staff-a",
                    purpose="回访",
                )
                for follow_up in ("f-1", "f-2")
            ),
        ],
    )
    await reporting.settle()

    code, lines = await shequ("audit", "replay", f"assistance/{person}")
    _, english = await shequ("audit", "replay", f"assistance/{person}", "--lang", "en")

    assert code == 0
    follow_ups = lines[lines.index("  follow_ups:") + 1 :]
    assert [line for line in follow_ups if "follow_up_id" in line] == [
        "    - follow_up_id: f-1",
        "    - follow_up_id: f-2",
    ]
    assert english[0].startswith(f"assistance/{person} (employment assistance) as of ")
    assert english[0].endswith(f", office office {COMMUNITY_A} ({COMMUNITY_A})")
    assert "State then:" in english
    assert english[1].split() == [
        "Version",
        "Recorded",
        "at",
        "Occurred",
        "at",
        "Actor",
        "Office",
        "Event",
    ]


async def test_ledger_prints_an_offices_unemployed_and_figures_as_of_a_moment(
    reporting, shequ
) -> None:
    person = await reporting.registry.person(
        COMMUNITY_A, date(1985, 6, 1), name="王小明"
    )
    await reporting.labour(person, COMMUNITY_A, "unemployed", by="staff-a")
    await reporting.settle()
    [status_at] = await _recorded_at(reporting, f"labour/{person}")
    before = (status_at - timedelta(microseconds=1)).isoformat()

    code, now = await shequ("audit", "ledger", "--office", COMMUNITY_A)
    _, then = await shequ("audit", "ledger", "--office", COMMUNITY_A, "--as-of", before)
    _, english = await shequ("audit", "ledger", "--office", COMMUNITY_A, "--lang", "en")

    assert code == 0
    assert now[0].startswith(
        f"office {COMMUNITY_A}（{COMMUNITY_A}）失业人员台帐，截至 "
    )
    assert now[0].endswith("（共 1 人）")
    # The columns and words of employment's ledger, as the export shows them.
    assert now[1].split()[:5] == ["姓名", "身份证号", "性别", "出生日期", "所属社区"]
    assert now[3].split() == [
        "王**",
        "-",
        "男",
        "1985-06-01",
        *_office(COMMUNITY_A),
        "-",
        "-",
        "否",
        "否",
        "否",
        "失业",
        "2026-03-01",
    ]
    [figures] = [
        line.split()
        for line in now[4:]
        if line.startswith(f"office {COMMUNITY_A}（") and "截至" not in line
    ]
    assert figures == [
        *_office(COMMUNITY_A),
        "社区",
        "1",
        "1",
        "1",
        "0.00%",
        "0",
        "0",
        "0",
        "0",
    ]
    assert then[0].endswith("（共 0 人）")
    assert english[0].startswith(
        f"Ledger of unemployed persons, office {COMMUNITY_A} ({COMMUNITY_A}), as of "
    )
    assert english[0].endswith("(1 people)")
    assert english[1].split()[:2] == ["Full", "name"]
    assert english[3].split()[2:4] == ["male", "1985-06-01"]


async def test_log_of_one_person_prints_every_service_that_recorded_them(
    reporting, shequ
) -> None:
    a = await reporting.registry.person(COMMUNITY_A, date(1985, 6, 1))
    b = await reporting.registry.person(COMMUNITY_A, date(1990, 2, 1))
    await reporting.labour(a, COMMUNITY_A, "unemployed", by="staff-a")
    await reporting.labour(b, COMMUNITY_A, "unemployed", by="staff-a")
    household = await reporting.zero_household(COMMUNITY_A, a, date(2026, 3, 1))
    await reporting.settle()

    code, lines = await shequ("audit", "log", "--person", a)

    assert code == 0
    # Newest first; each line ends with the event, the stream and the version.
    assert [tuple(line.split()[-3:-1]) for line in lines[2:-1]] == [
        ("ZeroEmploymentHouseholdIdentified", f"zero-household/{household}"),
        ("HouseholdRegistered", household),
        ("LabourStatusRecorded", f"labour/{a}"),
        ("PersonRegistered", a),
    ]
    assert lines[-1] == "共 4 条，第 1–4 条"
