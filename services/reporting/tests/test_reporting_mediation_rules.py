"""Mediation's figures: a dispute's result, its agreement's verdict, the rates. Pure."""

from __future__ import annotations

from datetime import date

import pytest

from shequ.access import OfficeCode
from shequ.reporting.domain.mediation import DisputeFacts, dispute_counts, rate, roll_up

COMMUNITY, OTHER = "441900101001", "441900102001"
TODAY = date(2026, 6, 30)


def _dispute(**changed: object) -> DisputeFacts:
    facts: dict[str, object] = {
        "office": COMMUNITY,
        "kind": "neighbours",
        "source": "hotline",
        "status": "agreed",
        "conclude_by": date(2026, 6, 1),
        "late": False,
        "obligations": 2,
        "followed": 0,
        "unfulfilled": 0,
        "follow_ups": 0,
        "satisfied": 0,
        "outcome": None,
    }
    return DisputeFacts(**{**facts, **changed})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "outcome", "result"),
    [
        ("registered", None, "pending"),
        ("accepted", None, "pending"),
        ("declined", None, "declined"),
        ("agreed", None, "success"),
        ("failed", None, "failed"),
        ("closed", "fulfilled", "success"),
        ("closed", "not_fulfilled", "success"),
        ("closed", "failed", "failed"),
    ],
)
def test_a_disputes_result_follows_its_stage(
    status: str, outcome: str | None, result: str
) -> None:
    assert _dispute(status=status, outcome=outcome).result == result


@pytest.mark.parametrize(
    ("changed", "verdict"),
    [
        ({"followed": 0}, "awaiting"),
        ({"followed": 1}, "awaiting"),  # one obligation of two followed up
        ({"followed": 2}, "fulfilled"),
        ({"followed": 2, "unfulfilled": 1}, "not_fulfilled"),
        ({"obligations": 0}, "awaiting"),  # an oral agreement: only closing says
        ({"obligations": 0, "status": "closed", "outcome": "fulfilled"}, "fulfilled"),
        ({"status": "closed", "outcome": "not_fulfilled"}, "not_fulfilled"),
        ({"status": "failed"}, None),
        ({"status": "accepted", "late": None}, None),
    ],
)
def test_an_agreement_has_a_verdict_once_every_obligation_is_followed_up_or_closed(
    changed: dict[str, object], verdict: str | None
) -> None:
    assert _dispute(**changed).fulfilment == verdict


def test_a_dispute_is_overdue_when_concluded_late_or_undecided_past_its_deadline() -> (
    None
):
    undecided = _dispute(status="accepted", late=None)

    assert undecided.overdue(date(2026, 6, 1)) is False  # the deadline's own day
    assert undecided.overdue(date(2026, 6, 2)) is True
    assert _dispute(late=True).overdue(date(2026, 1, 1)) is True
    assert _dispute(late=False).overdue(TODAY) is False
    assert _dispute(status="declined", late=None).overdue(TODAY) is False


@pytest.mark.parametrize(("part", "whole", "share"), [(0, 0, None), (0, 3, 0.0)])
def test_a_rate_of_nothing_is_null_and_of_something_may_be_zero(
    part: int, whole: int, share: float | None
) -> None:
    assert rate(part, whole) == share


def test_rates_of_a_community_with_no_concluded_dispute_are_null() -> None:
    counts = dispute_counts([_dispute(status="accepted", late=None)], TODAY)

    [district, _, community] = roll_up(counts, OfficeCode("441900000000"), {})

    assert (community.disputes, community.pending) == (1, 1)
    assert (
        community.success_rate,
        community.on_time_rate,
        community.fulfilment_rate,
        community.satisfaction_rate,
    ) == (None, None, None, None)
    assert district.by_result == {
        "success": 0,
        "failed": 0,
        "declined": 0,
        "pending": 1,
    }


def test_rates_are_worked_out_again_at_each_level_never_averaged() -> None:
    disputes = [
        _dispute(followed=2, follow_ups=2, satisfied=2),  # fulfilled, on time
        _dispute(status="failed", late=True, obligations=0, kind="family"),
        _dispute(office=OTHER, followed=2, unfulfilled=1, follow_ups=3, satisfied=1),
        _dispute(office=OTHER, status="declined", late=None, source="walk_in"),
    ]

    offices = {
        f.office: f
        for f in roll_up(
            dispute_counts(disputes, TODAY), OfficeCode("441900000000"), {}
        )
    }

    a, b, district = offices[COMMUNITY], offices[OTHER], offices["441900000000"]
    assert (a.success_rate, a.on_time_rate, a.fulfilment_rate) == (0.5, 0.5, 1.0)
    assert (b.success_rate, b.fulfilment_rate, b.satisfaction_rate) == (
        1.0,
        0.0,
        0.333333,
    )
    assert (
        district.disputes,
        district.concluded,
        district.success_rate,
        district.on_time_rate,
        district.fulfilment_rate,
        district.satisfaction_rate,
        district.overdue,
    ) == (4, 3, 0.666667, 0.666667, 0.5, 0.6, 1)
    assert district.by_kind["neighbours"] == 3
    assert district.by_kind["family"] == 1
    assert (district.by_source["hotline"], district.by_source["walk_in"]) == (3, 1)
    assert set(offices) == {
        "441900000000",
        "441900101000",
        "441900102000",
        *[COMMUNITY, OTHER],
    }
