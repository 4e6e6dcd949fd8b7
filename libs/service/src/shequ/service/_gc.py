"""Garbage-collector settings for a long-running service process.

Replaying a stream allocates thousands of small objects, which triggers CPython's
cyclic collector; a full collection then scans every object the process holds (modules,
pydantic schemas, pools) and stalled a 1,000-event replay from 5 ms to 60 ms at p99.
Freezing what exists once start-up is done takes those objects out of every later
scan, and a larger first threshold collects less often (bench (e): p99 60 → 13 ms).
The threshold counts objects still alive, so it is reached mainly by bulk work.

It was 200,000, until a collection showed in the tail of bench (k): a live service's
cyclic garbage is mostly nats-py's pull fetches that time out (each leaves a
TimeoutError, a cancelled task and their frames in cycles, about 25 objects), and one
collection of 163,355 of them took 253 ms. At 50,000 a collection frees a quarter of
that; the older generations are collected after 80 young collections instead of 20, so
full scans stay as rare per object allocated. Side by side on 2026-12-07 (quiet): (k)
p99 130–165 ms at 50,000 against 271–338 ms at 200,000, and the (j) rebuilds within
the runs' noise (24,900–29,800 against 24,400–29,400 events/s).
"""

from __future__ import annotations

import gc


def tune_gc() -> None:
    """Freeze start-up objects and collect the young generation less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 80, 50)  # see above: (k)'s tail against (j)'s rate
