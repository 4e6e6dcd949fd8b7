"""Moments as readers write them (时点): a date is a whole day, in China.

"The unemployed ledger on 31 March" is the ledger as it stood at the end of that day
in China, whether asked over HTTP or at the terminal; a range from a date starts at
that day's first moment. A time written without a zone is China time.
"""

from __future__ import annotations

from datetime import date, datetime, time

from shequ.access import CHINA


def moment(text: str, *, day_end: bool) -> datetime:
    """An ISO date (its first or last moment in China) or datetime (China if naive).

    Raises ``ValueError`` for anything else.
    """
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max if day_end else time.min, CHINA)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not an ISO date or time: {text}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA)
