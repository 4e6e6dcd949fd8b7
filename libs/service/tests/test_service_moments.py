from datetime import datetime, time, timedelta, timezone

import pytest

from shequ.access import CHINA
from shequ.service import moment


def test_as_of_means_one_thing_everywhere() -> None:
    assert [
        moment("2026-12-06"),
        moment("2026-12-06", day_end=False),
        moment("2026-12-06T09:30:00"),
        moment("2026-12-06T01:30:00Z"),
    ] == [
        datetime.combine(datetime(2026, 12, 6).date(), time.max, CHINA),
        datetime(2026, 12, 6, tzinfo=CHINA),
        datetime(2026, 12, 6, 9, 30, tzinfo=CHINA),
        datetime(2026, 12, 6, 1, 30, tzinfo=timezone(timedelta(0))),
    ]


def test_anything_else_is_refused() -> None:
    with pytest.raises(ValueError, match="not an ISO date or time"):
        moment("yesterday")
