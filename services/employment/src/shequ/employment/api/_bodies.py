"""The bounds of request bodies: every text and integer a route takes has a limit.

Bodies subclass :class:`shequ.webapi.RequestModel` (no control characters but line
breaks and tabs, no lone surrogates); these add the limits a field of its kind has, so
a 422 names the field before any command is built.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

Id = Annotated[str, Field(min_length=1, max_length=64)]
"""A person's, a follow-up's or a staff member's id."""
Word = Annotated[str, Field(min_length=1, max_length=50)]
"""A name, a wish, a skill, a position."""
Words = Annotated[list[Word], Field(max_length=20)]
Wage = Annotated[int, Field(ge=0, le=10_000_000, description="yuan a month")]
"""A monthly wage in yuan."""
EMPLOYER = 100
"""The most characters of an employer's, a course's or a provider's name."""
NOTE = 500
"""The most characters of a reason, a note or a finding."""
