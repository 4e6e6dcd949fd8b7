"""The employment rate and the standard, reproduced from events (seed 000 篇二)."""

from __future__ import annotations

from datetime import date

from shequ.access import Role
from shequ.contracts.employment import LabourStatusRecorded
from shequ.contracts.employment.working_age import RetirementRule, RetirementStep
from shequ.employment.settings import EmploymentRules
from shequ.eventstore import Metadata, NewStream
from shequ.testing.feeds import (
    COMMUNITY_A,
    COMMUNITY_A2,
    COMMUNITY_B,
    DISTRICT,
    STREET_A,
    STREET_B,
    RegistryFeed,
)

RATE = "/api/v1/employment/figures/employment-rate"
STANDARD = "/api/v1/employment/figures/full-employment-standard"


def _status(person_id: str, office: str, status: str) -> NewStream:
    event = LabourStatusRecorded(
        person_id=person_id,
        office=office,
        status=status,  # type: ignore[arg-type]
        employer="示范厂" if status == "employed" else None,
        since=date(2026, 3, 1),
        reason="入户调查",
        source="home_visit",
    )
    return NewStream("labour_profile", f"labour/{person_id}", [event])


async def _survey(employment, office: str, counts: dict[str, int], **person) -> None:
    """People of ``office`` with the statuses counted, as a door-to-door survey."""
    people = [
        RegistryFeed.new_person(
            office, person.get("born", date(1985, 6, 1)), tags=person.get("tags", ())
        )
        for _ in range(sum(counts.values()))
    ]
    await employment.registry.start(people)
    statuses = [s for s, n in counts.items() for _ in range(n)]
    found = zip(people, statuses, strict=True)
    await employment.runtime.store.start_streams(
        [_status(p.stream_id, office, s) for p, s in found],
        occurred_at=employment.registry.now,
        metadata=Metadata(actor="surveyor"),
    )


def _by_office(body: dict) -> dict[str, dict]:
    return {row["office"]: row for row in body["offices"]}


async def test_the_seeds_worked_example_gives_97_05_percent(employment, token) -> None:
    # 2,475 able and willing to work, 73 of them actually unemployed (seed 000 篇二);
    # students and people unable or unwilling to work are not counted.
    await _survey(
        employment,
        COMMUNITY_A,
        {
            "employed": 2000,
            "flexible": 300,
            "self_employed": 102,
            "unemployed": 73,
            "unable": 15,
            "unwilling": 9,
        },
    )
    await _survey(employment, COMMUNITY_A, {"student": 20})
    await _survey(employment, COMMUNITY_A, {"unemployed": 5}, tags=["student"])
    await _survey(employment, COMMUNITY_A, {"unemployed": 4}, born=date(1950, 1, 1))
    await employment.settle()

    answer = await employment.http.get(RATE, headers=token())

    community = _by_office(answer.json())[COMMUNITY_A]
    assert (community["counted"], community["unemployed"]) == (2475, 73)
    assert community["rate"] == 0.970505
    assert f"{community['rate']:.2%}" == "97.05%"


async def test_rates_add_up_from_communities_to_streets_and_district(
    employment, token
) -> None:
    await _survey(employment, COMMUNITY_A, {"employed": 95, "unemployed": 5})
    await _survey(employment, COMMUNITY_A2, {"employed": 48, "unemployed": 2})
    await _survey(employment, COMMUNITY_B, {"employed": 40, "unemployed": 10})
    await employment.settle()

    district = _by_office((await employment.http.get(RATE, headers=token())).json())
    street = await employment.http.get(RATE, headers=token(Role.STREET_ADMIN, STREET_A))

    assert district[DISTRICT]["counted"] == 200
    assert district[DISTRICT]["rate"] == 0.915
    assert district[STREET_A]["rate"] == round(143 / 150, 6)
    assert district[STREET_B]["rate"] == 0.8
    assert set(_by_office(street.json())) == {STREET_A, COMMUNITY_A, COMMUNITY_A2}


async def test_a_street_may_not_read_another_streets_figures(employment, token) -> None:
    answer = await employment.http.get(
        RATE, params={"within": STREET_B}, headers=token(Role.STREET_ADMIN, STREET_A)
    )

    assert answer.status_code == 403


async def test_the_rule_applied_on_two_dates_gives_two_working_age_counts(
    employment_with, token
) -> None:
    # Retirement at 60 for men born before 1966, at 63 after: a man born in March
    # 1967 is of working age in mid-2029 and retired (at 63) in mid-2030.
    rule = RetirementRule(
        steps=[
            RetirementStep(
                born_from=date(1900, 1, 1), men_months=720, women_months=660
            ),
            RetirementStep(
                born_from=date(1966, 1, 1), men_months=756, women_months=696
            ),
        ]
    )
    async with employment_with(EmploymentRules(retirement=rule)) as employment:
        await _survey(employment, COMMUNITY_A, {"employed": 10})
        await _survey(employment, COMMUNITY_A, {"employed": 3}, born=date(1967, 3, 1))
        await employment.settle()

        counts = []
        for day in ("2029-06-01", "2030-06-01"):
            answer = await employment.http.get(
                RATE, params={"on": day}, headers=token()
            )
            row = _by_office(answer.json())[COMMUNITY_A]
            counts.append((row["working_age"], row["counted"]))
        past = await employment.http.get(
            RATE, params={"on": "2026-01-01"}, headers=token()
        )

    assert counts == [(13, 13), (10, 10)]
    # Statuses are today's: a past day is reporting's to answer, as they stood then.
    assert past.status_code == 422
    assert past.json()["errors"][0]["field"] == "on"


async def test_the_standard_names_the_points_a_community_fails(
    employment, token
) -> None:
    await _survey(employment, COMMUNITY_A, {"employed": 97, "unemployed": 3})
    await _survey(employment, COMMUNITY_B, {"employed": 90, "unemployed": 10})
    await employment.settle()

    answer = await employment.http.get(STANDARD, headers=token())

    body = answer.json()
    standing = {c["office"]: c for c in body["communities"]}
    assert body["rate_threshold"] == 0.96
    assert standing[COMMUNITY_A]["meets_standard"] is True
    assert standing[COMMUNITY_B]["meets_standard"] is False
    assert standing[COMMUNITY_B]["failing"] == ["employment rate 90.00% is below 96%"]
