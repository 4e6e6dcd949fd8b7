"""What a request appended, so its response can say where (read-your-writes).

A web layer opens :func:`recording_writes` around a request; every append made while
serving it is noted, and the response carries the place in the global order of the
last one. A reader elsewhere (reporting) can then wait until it has seen that place.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from shequ.eventstore._model import AppendResult

_WRITTEN: ContextVar[list[AppendResult] | None] = ContextVar(
    "shequ_written", default=None
)


@contextlib.contextmanager
def recording_writes() -> Iterator[list[AppendResult]]:
    """Collect the results of every append made inside the block (and its tasks)."""
    written: list[AppendResult] = []
    token = _WRITTEN.set(written)
    try:
        yield written
    finally:
        _WRITTEN.reset(token)


def note_written(result: AppendResult) -> AppendResult:
    written = _WRITTEN.get()
    if written is not None and result.last_position is not None:
        written.append(result)
    return result


def last_written(written: list[AppendResult]) -> tuple[int, int] | None:
    """The latest (transaction id, position) among ``written``, if any."""
    places = [(r.transaction_id, r.last_position or 0) for r in written]
    return max(places) if places else None
