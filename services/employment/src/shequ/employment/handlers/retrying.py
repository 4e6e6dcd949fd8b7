"""A blind write that loses a race is decided again, after a short random pause.

A command sent without ``If-Match`` whose decider checks everything its outcome
depends on (a referral, an interview, a hire) is safe to decide again on the fresh
stream. ``execute`` retries a lost append at once, a few times; under a burst (twelve
staff referring people to one vacancy at the same moment, #13 item 8) the losers of
each round collide again at once, so here they also wait a short jittered while,
growing with each round, which spreads them out. A command that named the version
it saw (``If-Match``) is never retried: it is stale (412). Proved by
test_twelve_referrals_to_one_vacancy_at_once_all_succeed.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from shequ.eventstore import ConcurrencyError

T = TypeVar("T")

ATTEMPTS = 10
"""Rounds of ``execute`` (each of which already tries 3 times) before giving up."""
_PAUSE = 0.004
"""Seconds: the first round's longest pause; it doubles each round, up to _CAP."""
_CAP = 0.25


async def retrying(run: Callable[[], Awaitable[T]], *, blind: bool) -> T:
    """``run()``, again after a jittered pause on a version conflict if ``blind``."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return await run()
        except ConcurrencyError:
            if not blind or attempt == ATTEMPTS:
                raise
        # Full jitter: not a secret, only a spread of retry times.
        pause = random.uniform(0, min(_CAP, _PAUSE * 2**attempt))
        await asyncio.sleep(pause)
    raise AssertionError("unreachable: the loop returns or raises")
