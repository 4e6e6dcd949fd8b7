"""Reads of rehab cases (查阅记录): every read of a case is an event of its own.

One stream per read (``case_read/<id>``), so readers never contend; the office that
holds the case lists them by ``case_id``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from shequ.contracts._event import Event
from shequ.contracts.registry._types import OfficeCodeText


class RehabCaseRead(Event):
    """``reader`` read ``fields`` of case ``case_id`` at ``read_at``, for ``purpose``.

    ``break_glass`` marks a read outside the reader's usual scope, on a stated
    reason, flagged to the responsible office for review.
    """

    type: Literal["RehabCaseRead"] = "RehabCaseRead"
    stream_type = "case_read"
    case_id: str
    case_office: OfficeCodeText
    reader: str  # staff id
    reader_office: OfficeCodeText
    read_at: datetime
    fields: list[str]
    purpose: str
    break_glass: bool = False
