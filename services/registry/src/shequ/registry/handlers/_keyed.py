"""A retried request (same ``Idempotency-Key``) answered with the record it made first.

New ids derive from the key (``shequ.service.new_id``), so a retry addresses the
stream the first attempt opened and ``execute_as`` returns that first result. A key
first given with another request (another kind of record) names another stream: that
is refused rather than answered with a record the caller did not ask for.
"""

from __future__ import annotations

from typing import TypeVar

from shequ.contracts import Conflict
from shequ.eventstore import Outcome

S = TypeVar("S")


def first_result(outcome: Outcome[S], stream_id: str) -> Outcome[S]:
    """``outcome``, unless its key was first used for a request on another stream."""
    result = outcome.result
    if result is not None and result.stream_id != stream_id:
        raise Conflict(
            f"this Idempotency-Key was used for another request ({result.stream_id})",
            field="header.Idempotency-Key",
        )
    return outcome
