"""Reads of a dispute's parties (查阅记录): every read is an event of its own.

Printing a document of a dispute (协议书, 申请书, 调解记录, 回访记录) hands over the
parties' personal data, so each issue or re-print is recorded as a read, as rehab
records the reads of its cases. One stream per read (``dispute_read/<id>``), so
readers never contend; the dispute's office lists them by ``dispute_id``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from shequ.contracts._event import Event
from shequ.contracts.registry._types import OfficeCodeText


class DisputeRead(Event):
    """``reader`` read ``fields`` of dispute ``dispute_id`` at ``read_at``.

    ``purpose`` says why: which document was printed.
    """

    type: Literal["DisputeRead"] = "DisputeRead"
    stream_type = "dispute_read"
    dispute_id: str
    dispute_office: OfficeCodeText
    reader: str  # staff id
    reader_office: OfficeCodeText
    read_at: datetime
    fields: list[str]
    purpose: str
