"""The day the employment figures are asked for: today or later, never past (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from shequ.employment.domain.figures import PastDay, figures_day

TODAY = date(2026, 11, 23)


def test_no_day_means_today() -> None:
    assert figures_day(None, TODAY) == TODAY


def test_a_later_day_is_taken() -> None:
    assert figures_day(date(2027, 1, 1), TODAY) == date(2027, 1, 1)


def test_a_past_day_is_refused_naming_on() -> None:
    with pytest.raises(PastDay) as refused:
        figures_day(date(2026, 11, 22), TODAY)

    assert refused.value.field == "on"
