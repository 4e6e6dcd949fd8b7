"""Failed attempts are throttled per key: a guesser waits, a success clears."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shequ.service import Throttle

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def _throttle() -> Throttle:
    return Throttle(limit=3, window=timedelta(minutes=15))


def test_a_key_may_fail_up_to_the_limit() -> None:
    throttle = _throttle()
    throttle.failed("worker", T0)
    throttle.failed("worker", T0 + timedelta(minutes=1))

    assert throttle.wait("worker", T0 + timedelta(minutes=2)) is None


def test_past_the_limit_it_waits_until_the_oldest_failure_leaves_the_window() -> None:
    throttle = _throttle()
    for minute in (0, 1, 2):
        throttle.failed("worker", T0 + timedelta(minutes=minute))

    assert (
        throttle.wait("worker", T0 + timedelta(minutes=3)),
        throttle.wait("worker", T0 + timedelta(minutes=15)),
    ) == (12 * 60, None)


def test_each_key_counts_alone() -> None:
    throttle = _throttle()
    for _ in range(3):
        throttle.failed("worker", T0)

    assert (throttle.wait("worker", T0), throttle.wait("auditor", T0)) == (900, None)


def test_a_success_clears_the_key() -> None:
    throttle = _throttle()
    for _ in range(3):
        throttle.failed("worker", T0)
    throttle.succeeded("worker")

    assert throttle.wait("worker", T0) is None


def test_a_flood_of_keys_keeps_only_the_most_recent() -> None:
    throttle = Throttle(limit=1, window=timedelta(minutes=15), max_keys=2)
    for key in ("a", "b", "c"):
        throttle.failed(key, T0)

    assert [throttle.wait(k, T0) for k in ("a", "b", "c")] == [None, 900, 900]
