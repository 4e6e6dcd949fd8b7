"""Moments as readers write them: a date is a whole day in China, at HTTP and CLI."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from shequ.access import CHINA
from shequ.service import moment


def test_a_date_is_that_days_end_or_start_in_china() -> None:
    assert moment("2026-03-31", day_end=True) == datetime.combine(
        datetime(2026, 3, 31), time.max, CHINA
    )
    assert moment("2026-03-31", day_end=False) == datetime(2026, 3, 31, tzinfo=CHINA)


def test_a_time_without_a_zone_is_china_time_and_a_zone_is_kept() -> None:
    assert moment("2026-03-31T09:30", day_end=True) == datetime(
        2026, 3, 31, 9, 30, tzinfo=CHINA
    )
    assert moment("2026-03-31T01:30Z", day_end=True) == datetime(
        2026, 3, 31, 1, 30, tzinfo=UTC
    )


def test_anything_else_is_refused_saying_what_was_expected() -> None:
    with pytest.raises(ValueError, match="not an ISO date or time: 31/03"):
        moment("31/03", day_end=True)
