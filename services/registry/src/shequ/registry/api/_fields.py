"""The bounded text of the registry's request bodies (字段长度), one type per kind.

Every body subclasses ``shequ.webapi.RequestModel`` (no control characters but line
breaks and tabs, no lone surrogates, nothing past 4,000 characters); these types add
each kind's own limit, and refuse line breaks and tabs where the text is one line (a
name, an address), so the 422 names the field before any command is built. Reasons
may run over several lines.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from shequ.contracts.messages import N_
from shequ.webapi import marked_error

_BREAKS = ("\n", "\r", "\t")


def _one_line(value: str) -> str:
    if any(mark in value for mark in _BREAKS):
        raise marked_error("one_line", N_("must be one line: no line breaks or tabs"))
    return value


Name = Annotated[str, Field(max_length=50), AfterValidator(_one_line)]
"""A person's or staff member's name."""
Login = Annotated[str, Field(max_length=50), AfterValidator(_one_line)]
Password = Annotated[str, Field(max_length=200)]
Address = Annotated[str, Field(max_length=200), AfterValidator(_one_line)]
Phone = Annotated[str, Field(max_length=30), AfterValidator(_one_line)]
DocumentNumber = Annotated[str, Field(max_length=30), AfterValidator(_one_line)]
Title = Annotated[str, Field(max_length=100), AfterValidator(_one_line)]
"""An office's, a leadership group's or a department's name; a group member."""
Reason = Annotated[str, Field(max_length=500)]
"""Why: a correction, a closure, a deactivation, a member leaving (multi-line)."""
RecordId = Annotated[str, Field(max_length=100), AfterValidator(_one_line)]
"""The id of a person, household or rental (``person-<uuid>``)."""

MAX_PEOPLE = 100
"""People named in one request: a household's members, a rental's tenants."""
MAX_ITEMS = 50
"""Other lists: tags, roles, a group's deputies and departments."""
