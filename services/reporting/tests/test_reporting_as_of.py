"""``as_of`` means one thing on every reporting route and command (#13 item 9).

A date-time with its zone, or a date alone (the end of that day, China time). A moment
before anything was recorded is answered as such (422 ``nothing-recorded-yet`` naming
``as_of`` and when the first record was made), not as an empty ledger or state.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from shequ.access import Role, china_date
from shequ.reporting.cli.audit import main
from shequ.testing.feeds import COMMUNITY_A

API = "/api/v1/reporting"
LONG_AGO = ["2001-01-01", "2001-01-01T08:00:00+08:00", "2001-01-01T00:00:00Z"]


async def _case(reporting) -> str:  # type: ignore[no-untyped-def]
    person = await reporting.registry.person(COMMUNITY_A, date(1985, 6, 1))
    await reporting.labour(person, COMMUNITY_A, "unemployed", by="staff-a")
    await reporting.settle()
    return person


async def test_a_moment_before_any_record_is_answered_as_such_on_every_route(
    reporting, token
) -> None:
    person = await _case(reporting)
    routes = [
        f"{API}/figures",
        f"{API}/ledgers/unemployed",
        f"{API}/ledgers/zero-employment-households",
        f"{API}/ledgers/export",
        f"{API}/audit/streams/labour/{person}",
    ]
    today = china_date(datetime.now(UTC)).isoformat()

    answers = [
        (
            route,
            moment,
            await reporting.http.get(
                route, params={"as_of": moment}, headers=token(Role.DISTRICT_ADMIN)
            ),
        )
        for route in routes
        for moment in LONG_AGO
    ]
    now = [
        await reporting.http.get(
            route, params={"as_of": today}, headers=token(Role.DISTRICT_ADMIN)
        )
        for route in routes
    ]

    for route, moment, answer in answers:
        assert answer.status_code == 422, (route, moment, answer.text)
        assert answer.json()["type"].endswith("nothing-recorded-yet")
        assert [e["field"] for e in answer.json()["errors"]] == ["as_of"]
        assert answer.json()["detail"].startswith("nothing was recorded ")
        assert f"before {today}" in answer.json()["detail"]
    assert [a.status_code for a in now] == [200] * len(routes)


async def test_every_route_reads_a_date_as_that_days_end_in_china(
    reporting, token
) -> None:
    await _case(reporting)
    today = china_date(datetime.now(UTC)).isoformat()

    answers = [
        await reporting.http.get(
            f"{API}/{route}", params={"as_of": today}, headers=token()
        )
        for route in ("figures", "ledgers/unemployed")
    ]

    assert [a.json()["as_of"] for a in answers] == [
        f"{today}T23:59:59.999999+08:00"
    ] * 2


async def test_the_command_line_answers_a_moment_before_any_record_the_same(
    reporting, monkeypatch, capsys
) -> None:
    person = await _case(reporting)
    monkeypatch.setenv("SHEQU_DATABASE_URL", reporting.runtime.settings.database_url)
    commands = [
        ["audit", "replay", f"labour/{person}", "--as-of", "2001-01-01"],
        ["audit", "ledger", "--office", COMMUNITY_A, "--as-of", "2001-01-01"],
    ]

    results = []
    for argv in [*commands, [*commands[1], "--lang", "en"]]:
        code = await asyncio.to_thread(main, argv)
        results.append((code, capsys.readouterr()))

    assert [(code, output.out) for code, output in results] == [(2, "")] * 3
    [replayed, ledger, in_english] = [output.err for _, output in results]
    assert replayed.startswith(f"shequ audit: 流 labour/{person} 在 ")
    # The office by its name, as every line the terminal prints shows it.
    assert ledger.startswith(f"shequ audit: office {COMMUNITY_A}（{COMMUNITY_A}） 在 2")
    assert "（北京时间）之前没有任何记录" in ledger
    assert in_english.startswith(
        f"shequ audit: nothing was recorded in office office {COMMUNITY_A}"
        f" ({COMMUNITY_A}) before "
    )
