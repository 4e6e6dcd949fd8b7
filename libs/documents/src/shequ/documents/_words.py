"""The words of the layout every form shares: dates as forms write them, blank lines.

The documents are official forms (公文), printed in Chinese whatever the reader's
language, so these words are constants as the forms have them, not catalogue texts.
"""

from __future__ import annotations

import re
from datetime import date

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
DATE_LINE = "______年____月____日"  # filled in by hand when signed


def printable(text: str) -> str:
    """``text`` without control characters, which neither file format can hold."""
    return _CONTROL.sub("", text)


def cn_date(day: date) -> str:
    """A date as a form writes it: 2026年11月12日."""
    return f"{day.year}年{day.month}月{day.day}日"
