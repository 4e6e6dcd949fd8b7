"""Garbage-collector settings for a long-running service process.

Replaying a stream allocates thousands of small objects, which triggers CPython's
cyclic collector; a full collection then scans every object the process holds (modules,
pydantic schemas, pools) and stalled a 1,000-event replay from 5 ms to 60 ms at p99.
Freezing what exists once start-up is done takes those objects out of every later
scan, and a larger first threshold collects less often (bench (e): p99 60 → 13 ms).
The threshold counts objects still alive, so it is reached mainly by bulk work: at
200,000 a projection rebuild spends about 6% less time collecting than at 50,000,
and the latency figures (bench (e), (k)) stay where they were.
"""

from __future__ import annotations

import gc


def tune_gc() -> None:
    """Freeze start-up objects and collect the young generation less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(200_000, 20, 50)
