"""Work-plan dashboards: actual against target from registry and employment events.

Events are recorded at the real now, so the ledgers hold nothing before this month:
every point of the trend before the current month has no figures (null), and the
current month's point is the live figure, the same as the actual and /figures.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from shequ.access import CHINA, Role
from shequ.reporting.domain.progress import end_of_month
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B, STREET_A

PLANS = "/api/v1/reporting/work-plans"
RATE = {"comparison": "at_least", "target": 0.96, "note": "充分就业社区"}
ZERO = {"comparison": "at_most", "target": 0, "note": "零就业家庭动态清零"}
JOBS = {"comparison": "at_least", "target": 100, "note": "新增就业岗位"}


async def _person(reporting, office: str, status: str) -> str:
    person = await reporting.registry.person(office, date(1985, 6, 1))
    await reporting.labour(person, office, status, since=date(2026, 1, 5))
    return person


async def _set(reporting, token, office: str, year: int, metric: str, body) -> None:
    read = await reporting.http.get(f"{PLANS}/{office}/{year}", headers=token())
    answer = await reporting.http.put(
        f"{PLANS}/{office}/{year}/targets/{metric}",
        json=body,
        headers={**token(), "If-Match": read.headers["etag"]},
    )
    assert answer.status_code == 200, answer.text


async def _community_a(reporting, token, year: int) -> None:
    """24 employed and 1 unemployed (96%), whose household has no one in work."""
    for _ in range(24):
        await _person(reporting, COMMUNITY_A, "employed")
    jobless = await _person(reporting, COMMUNITY_A, "unemployed")
    await reporting.zero_household(COMMUNITY_A, jobless, date(2026, 1, 5))
    await _set(reporting, token, COMMUNITY_A, year, "employment_rate", RATE)
    await _set(reporting, token, COMMUNITY_A, year, "zero_employment_households", ZERO)
    await reporting.settle()


async def test_the_dashboard_shows_each_target_against_the_actual_by_month(
    reporting, token
) -> None:
    year = datetime.now(CHINA).year
    await _community_a(reporting, token, year)

    answer = await reporting.http.get(
        f"{PLANS}/{COMMUNITY_A}/{year}/dashboard",
        headers=token(Role.COMMUNITY_WORKER, COMMUNITY_A),
    )
    figures = await reporting.http.get(
        "/api/v1/reporting/figures", params={"within": COMMUNITY_A}, headers=token()
    )

    assert answer.status_code == 200, answer.text
    board = answer.json()
    as_of = datetime.fromisoformat(board["as_of"])
    [live] = [f for f in figures.json()["offices"] if f["office"] == COMMUNITY_A]
    assert (live["employment_rate"], live["zero_employment_households"]) == (0.96, 1)
    month = as_of.astimezone(CHINA).month
    earlier = [
        {"month": m, "as_of": end_of_month(year, m), "actual": None, "met": None}
        for m in range(1, month)
    ]
    now = {"month": month, "as_of": as_of}
    assert _parsed(board) == {
        "office": COMMUNITY_A,
        "name": f"office {COMMUNITY_A}",
        "year": year,
        "version": 2,
        "as_of": as_of,
        "targets": [
            {
                "metric": "employment_rate",
                **RATE,
                "actual": 0.96,
                "met": True,
                "trend": [*earlier, {**now, "actual": 0.96, "met": True}],
                "behind": None,  # employment's figures: no activities behind them
            },
            {
                "metric": "zero_employment_households",
                **ZERO,
                "actual": 1.0,
                "met": False,
                "trend": [*earlier, {**now, "actual": 1.0, "met": False}],
                "behind": None,
            },
        ],
    }


def _parsed(board: dict) -> dict:
    """The dashboard with its moments as datetimes, to compare them as instants."""
    return {
        **board,
        "as_of": datetime.fromisoformat(board["as_of"]),
        "targets": [
            {
                **t,
                "trend": [
                    {**p, "as_of": datetime.fromisoformat(p["as_of"])}
                    for p in t["trend"]
                ],
            }
            for t in board["targets"]
        ],
    }


async def test_a_year_that_is_over_is_read_at_its_end_month_by_month(
    reporting, token
) -> None:
    last_year = datetime.now(CHINA).year - 1
    await _community_a(reporting, token, last_year)

    answer = await reporting.http.get(
        f"{PLANS}/{COMMUNITY_A}/{last_year}/dashboard", headers=token()
    )
    board = answer.json()

    end = end_of_month(last_year, 12)
    assert datetime.fromisoformat(board["as_of"]) == end
    rate = board["targets"][0]
    assert (rate["actual"], rate["met"]) == (None, None)  # nobody was on record then
    assert [(p["month"], p["actual"]) for p in rate["trend"]] == [
        (m, None) for m in range(1, 13)
    ]
    assert datetime.fromisoformat(rate["trend"][-1]["as_of"]) == end


async def test_a_street_sees_its_communities_actual_against_target(
    reporting, token
) -> None:
    year = datetime.now(UTC).astimezone(CHINA).year
    await _community_a(reporting, token, year)
    await _person(reporting, COMMUNITY_A2, "employed")
    await _set(reporting, token, COMMUNITY_A2, year, "new_jobs", JOBS)
    await _set(reporting, token, COMMUNITY_B, year, "new_jobs", JOBS)
    await _set(reporting, token, STREET_A, year, "employment_rate", RATE)
    await reporting.settle()

    answer = await reporting.http.get(PLANS, headers=token(Role.STREET_ADMIN, STREET_A))
    other = await reporting.http.get(
        PLANS,
        params={"within": COMMUNITY_B, "year": year},
        headers=token(Role.STREET_ADMIN, STREET_A),
    )
    last_page = await reporting.http.get(
        PLANS, params={"page": 2, "size": 2}, headers=token(Role.STREET_ADMIN, STREET_A)
    )

    assert answer.status_code == 200, answer.text
    overview = answer.json()
    assert (overview["within"], overview["year"]) == (STREET_A, year)
    assert (overview["total"], last_page.json()["total"]) == (3, 3)
    assert [i["office"] for i in last_page.json()["items"]] == [COMMUNITY_A2]

    def row(office: str, level: str, metric: str, body, actual, met) -> dict:
        return {
            "office": office,
            "name": f"office {office}",
            "level": level,
            "metric": metric,
            **body,
            "actual": actual,
            "met": met,
        }

    assert overview["items"] == [
        row(STREET_A, "street", "employment_rate", RATE, round(25 / 26, 6), True),
        row(COMMUNITY_A, "community", "employment_rate", RATE, 0.96, True),
        row(COMMUNITY_A, "community", "zero_employment_households", ZERO, 1.0, False),
        row(COMMUNITY_A2, "community", "new_jobs", JOBS, 0.0, False),
    ]
    assert other.status_code == 404  # as an unknown office
