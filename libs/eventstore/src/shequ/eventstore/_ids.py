"""UUIDv7 event ids (RFC 9562): time-ordered, so ids sort roughly by creation time.

Python 3.11 has no ``uuid.uuid7``; this is the RFC's layout with 74 random bits.
"""

from __future__ import annotations

import os
import time
from uuid import UUID


def uuid7(unix_ms: int | None = None) -> UUID:
    """A version 7 UUID for ``unix_ms`` (now when omitted)."""
    ms = time.time_ns() // 1_000_000 if unix_ms is None else unix_ms
    rand = int.from_bytes(os.urandom(10), "big")
    rand_a = rand >> 62 & 0xFFF
    rand_b = rand & ((1 << 62) - 1)
    value = (
        (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    )
    return UUID(int=value)
