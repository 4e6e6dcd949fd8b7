"""Matching a job seeker against a vacancy (对号入座): scores, reasons, ranking."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from shequ.employment.domain.matching import (
    Match,
    Opening,
    Seeker,
    match,
    rank_openings,
    rank_seekers,
    skills_matched,
    wish_fits,
)
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B, STREET_A


def seeker(**more: object) -> Seeker:
    fields: dict[str, object] = {
        "person_id": "p-1",
        "office": COMMUNITY_A,
        "wishes": ("保洁",),
        "skills": ("保洁", "绿化"),
        "available_from": date(2026, 11, 1),
        "min_monthly_wage": 2000,
        **more,
    }
    return Seeker(**fields)  # type: ignore[arg-type]


def opening(**more: object) -> Opening:
    fields: dict[str, object] = {
        "vacancy_id": "v-1",
        "office": COMMUNITY_A,
        "position": "保洁员",
        "requirements": ("保洁",),
        "wage_min": 2200,
        "wage_max": 2800,
        "valid_until": date(2026, 12, 31),
        **more,
    }
    return Opening(**fields)  # type: ignore[arg-type]


def test_a_seeker_who_fits_every_way_scores_100_and_every_reason_is_shown() -> None:
    assert match(seeker(), opening()) == Match(
        100,
        ("意向对口：保洁", "技能匹配：保洁", "工资可接受", "可按期到岗", "同社区"),
        relevant=True,
    )


def test_a_wish_fits_a_position_containing_it_or_within_it_ignoring_case() -> None:
    assert wish_fits(["厨师", "保洁"], "保洁员") == "保洁"
    assert wish_fits(["小区保洁员"], "保洁员") == "小区保洁员"
    assert wish_fits([" Cashier "], "cashier (night shift)") == "Cashier"
    assert wish_fits(["厨师", " "], "保洁员") is None


def test_skills_are_matched_by_name_ignoring_case_in_the_vacancys_order() -> None:
    assert skills_matched(["forklift", "电工"], ["电工", "Forklift", "焊工"]) == [
        "电工",
        "Forklift",
    ]


def test_skill_points_are_in_proportion_to_the_skills_asked_for() -> None:
    found = match(
        seeker(wishes=("厨师",), skills=("电工",), office=COMMUNITY_B),
        opening(position="维修工", requirements=("电工", "焊工", "水工")),
    )

    assert found == Match(
        10 + 10 + 10, ("技能匹配：电工", "工资可接受", "可按期到岗"), relevant=True
    )


def test_a_minimum_wage_above_the_vacancys_maximum_is_not_acceptable() -> None:
    assert "工资可接受" not in match(seeker(min_monthly_wage=3000), opening()).reasons
    assert "工资可接受" in match(seeker(min_monthly_wage=None), opening()).reasons
    assert "工资可接受" in match(seeker(min_monthly_wage=2800), opening()).reasons


def test_a_seeker_available_only_after_the_vacancy_ends_is_not_on_time() -> None:
    late = seeker(available_from=date(2027, 1, 1))

    assert "可按期到岗" not in match(late, opening()).reasons


def test_nearness_is_the_same_community_or_else_the_same_street() -> None:
    grid_of_a = COMMUNITY_A + "001"

    assert match(seeker(office=grid_of_a), opening()).reasons[-1] == "同社区"
    assert match(seeker(office=COMMUNITY_A2), opening()).reasons[-1] == "同街道"
    street_vacancy = opening(office=STREET_A)
    assert match(seeker(office=COMMUNITY_A), street_vacancy).reasons[-1] == "同街道"
    assert match(seeker(office=COMMUNITY_B), opening()).score == 90


def test_living_nearby_without_a_fitting_wish_or_skill_is_not_relevant() -> None:
    found = match(seeker(wishes=("厨师",), skills=("烹饪",)), opening())

    assert found == Match(30, ("工资可接受", "可按期到岗", "同社区"), relevant=False)


def test_seekers_are_ranked_best_first_then_earliest_available() -> None:
    best = seeker(person_id="best")
    later = seeker(person_id="later", available_from=date(2026, 11, 20))
    sooner = seeker(person_id="sooner", available_from=date(2026, 11, 10))
    cook = seeker(person_id="cook", wishes=("厨师",), skills=())
    far = seeker(person_id="far", office=COMMUNITY_B)

    ranked = rank_seekers(opening(), [cook, far, later, sooner, best], limit=3)

    assert [(s.person_id, m.score) for s, m in ranked] == [
        ("best", 100),
        ("sooner", 100),
        ("later", 100),
    ]
    everyone = rank_seekers(opening(), [cook, far, later], limit=10)
    assert [s.person_id for s, _ in everyone] == ["later", "far"]


def test_vacancies_are_ranked_best_first_then_soonest_ending() -> None:
    here = opening(vacancy_id="here")
    soon = replace(here, vacancy_id="soon", valid_until=date(2026, 11, 30))
    street = opening(vacancy_id="street", office=COMMUNITY_A2)
    kitchen = opening(vacancy_id="kitchen", position="厨师", requirements=("烹饪",))

    ranked = rank_openings(seeker(), [kitchen, street, here, soon], limit=10)

    assert [(o.vacancy_id, m.score) for o, m in ranked] == [
        ("soon", 100),
        ("here", 100),
        ("street", 95),
    ]
