"""A throttle on failed attempts (限流), e.g. sign-in guesses per account and address.

Each key (an account, a client address) may fail ``limit`` times within ``window``;
then it must wait until its oldest failure leaves the window. A success clears the
key. Kept in the process's memory: with several replicas each counts its own, so the
limit a guesser meets is at most the number of replicas times ``limit``.
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from datetime import datetime, timedelta


class Throttle:
    """Failures per key in a sliding window; ``wait`` says how long a key must."""

    def __init__(
        self, *, limit: int, window: timedelta, max_keys: int = 100_000
    ) -> None:
        self._limit = limit
        self._window = window
        self._max_keys = max_keys
        self._failures: OrderedDict[str, deque[datetime]] = OrderedDict()

    def wait(self, key: str, now: datetime) -> int | None:
        """Whole seconds ``key`` must wait before trying again; None if it may now."""
        failures = self._recent(key, now)
        if len(failures) < self._limit:
            return None
        free_at = failures[0] + self._window
        return max(1, math.ceil((free_at - now).total_seconds()))

    def failed(self, key: str, now: datetime) -> None:
        """Count a failure of ``key`` at ``now``."""
        failures = self._recent(key, now)
        failures.append(now)
        self._failures[key] = failures
        self._failures.move_to_end(key)
        while len(self._failures) > self._max_keys:  # a flood of keys cannot grow it
            self._failures.popitem(last=False)

    def succeeded(self, key: str) -> None:
        """Forget ``key``'s failures."""
        self._failures.pop(key, None)

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        failures = self._failures.get(key, deque())
        while failures and failures[0] <= now - self._window:
            failures.popleft()
        return failures
