"""What any text or number in shequ may hold (安全值), checked once for every model.

Every event (and every request model, through ``shequ.webapi.RequestModel``) inherits
this rule, so a value that would poison a read model (PostgreSQL text cannot hold NUL;
an integer past 2^53 leaves JSON's exact range and overflows a bigint) is refused with
the field named before anything is written. Line breaks and tabs are allowed: some
fields are multi-line text. Stored events are never checked again on reading
(``STORED`` in the validation context): history is read as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, Final
from uuid import UUID

from pydantic import BaseModel

from shequ.contracts.messages import N_, Msg, english

# C0 controls but tab, line feed and carriage return; DEL and C1; lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
MAX_TEXT = 4000  # characters; a field may declare a shorter limit
MAX_INTEGER = 2**53 - 1  # exact in JSON and in a bigint
STORED = "stored"  # validation-context key: the value comes from the store
STORED_CONTEXT: Final = {STORED: True}
# Values that hold nothing to check (an int is checked: it may be out of range).
_PLAIN = frozenset({type(None), bool, float, date, datetime, time, UUID})


class Reason(str):
    """Why a value may not be stored: the English, with its template and parameters.

    A ``str`` (the English) so it reads in logs and f-strings; ``template`` and
    ``params`` let the edge show it in the reader's language.
    """

    __slots__ = ("params", "template")
    template: Msg
    params: dict[str, object]

    def __new__(cls, template: Msg, **params: object) -> Reason:
        reason = super().__new__(cls, english(template, params))
        reason.template = template
        reason.params = params
        return reason

    def context(self) -> dict[str, object]:
        """The pydantic error context that carries it (see ``shequ.webapi``)."""
        return {"reason": str(self), "template": str(self.template), **self.params}


def unsafe(value: Any) -> Reason | None:
    """Why ``value`` (or anything inside it) may not be stored, or None if it may."""
    # Exact types first: every new event passes each of its fields through here.
    kind = type(value)
    if kind is str:
        return _unsafe_text(value)
    if kind in _PLAIN:
        return None
    if isinstance(value, str):  # a str subclass (an office code, an enum)
        return _unsafe_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        too_big = abs(value) > MAX_INTEGER
        return Reason(N_("is outside ±{limit}"), limit=MAX_INTEGER) if too_big else None
    if isinstance(value, list | tuple | set | frozenset):
        inner: list[Any] = list(value)
    elif isinstance(value, Mapping):
        inner = [*value.keys(), *value.values()]
    elif isinstance(value, BaseModel):
        inner = list(value.__dict__.values())
    else:  # enums of other kinds, decimals, uuids
        return None
    return next((reason for v in inner if (reason := unsafe(v))), None)


def first_unsafe(values: dict[str, Any]) -> tuple[str, Reason] | None:
    """The first field of ``values`` that may not be stored, and why; None if none.

    The common case (short clean text, dates, None) is decided inline: this runs
    for every field of every new event.
    """
    for name, value in values.items():
        kind = type(value)
        if kind is str:
            if len(value) <= MAX_TEXT and not _FORBIDDEN.search(value):
                continue
        elif kind in _PLAIN:
            continue
        if reason := unsafe(value):
            return name, reason
    return None


def _unsafe_text(text: str) -> Reason | None:
    if found := _FORBIDDEN.search(text):
        return Reason(
            N_("contains the control character U+{code}"), code=f"{ord(found[0]):04X}"
        )
    if len(text) > MAX_TEXT:
        return Reason(N_("is longer than {limit} characters"), limit=MAX_TEXT)
    return None


def is_stored(context: Any) -> bool:
    """Whether a validation context says the values come from the store."""
    # Identity first: the catalog passes STORED_CONTEXT itself, and replay and
    # rebuilds ask this once per event.
    if context is None:
        return False
    return context is STORED_CONTEXT or (
        isinstance(context, Mapping) and bool(context.get(STORED))
    )
