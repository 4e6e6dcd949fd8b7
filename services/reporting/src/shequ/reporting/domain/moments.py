"""Moments as readers write them (时点): a date is a whole day, in China.

"The unemployed ledger on 31 March" is the ledger as it stood at the end of that day
in China, whether asked over HTTP or at the terminal; a range from a date starts at
that day's first moment. A time written without a zone is China time. Every route
and command that takes ``as_of`` reads it so.

A moment before anything was recorded is not an empty ledger: nothing existed to be
empty, and a reader who typed the wrong year must hear so. ``recorded_by`` refuses it,
naming when the first record was made.
"""

from __future__ import annotations

from datetime import datetime

from shequ.access import CHINA
from shequ.contracts import DomainError
from shequ.contracts.messages import N_


class NothingRecordedYet(DomainError):
    code = "nothing-recorded-yet"
    title = N_("Nothing recorded yet")


def recorded_by(
    at: datetime, first: datetime | None, *, office: str = "", stream_id: str = ""
) -> None:
    """Refuse ``at`` before ``first``, the first record of the office or stream.

    ``None`` (no record at all) passes: the read then says what there is, nothing.
    """
    if first is not None and at < first:
        shown = first.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S")
        if office:
            raise NothingRecordedYet(
                N_(
                    "nothing was recorded in office {office} before {first} (China"
                    " time): read as of that moment or later"
                ),
                field="as_of",
                office=office,
                first=shown,
            )
        raise NothingRecordedYet(
            N_(
                "nothing was recorded on stream {stream_id} before {first} (China"
                " time): read as of that moment or later"
            ),
            field="as_of",
            stream_id=stream_id,
            first=shown,
        )
