"""UUIDv7 event ids (RFC 9562): time-ordered, so ids sort roughly by creation time.

Python 3.11 has no ``uuid.uuid7``; this is the RFC's layout with 74 random bits.
They come from ``random`` (reseeded in a forked child), not ``os.urandom``: an id
must be unique, not secret, and the system call was a tenth of an append under load
(bench (a)).
"""

from __future__ import annotations

import random
import time
from uuid import UUID


def uuid7(unix_ms: int | None = None) -> UUID:
    """A version 7 UUID for ``unix_ms`` (now when omitted)."""
    ms = time.time_ns() // 1_000_000 if unix_ms is None else unix_ms
    rand = random.getrandbits(74)
    rand_a = rand >> 62
    rand_b = rand & ((1 << 62) - 1)
    value = (
        (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    )
    return UUID(int=value)
