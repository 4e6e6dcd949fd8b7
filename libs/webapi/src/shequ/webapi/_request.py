"""The base of every request body: the safe-value rule, checked field by field.

The rule is the events' own (``shequ.contracts.unsafe``: no control characters but
line breaks and tabs, no lone surrogates, text within ``MAX_TEXT``, integers within
``MAX_INTEGER``); here it runs per field, so the 422 names the field at fault before
any command is built.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, field_validator
from pydantic_core import PydanticCustomError

from shequ.contracts import unsafe


def refuse_unsafe(value: Any) -> Any:
    """``value`` if it may be stored, else the 422 naming why (a field validator).

    ``Annotated[str, AfterValidator(refuse_unsafe)]`` gives a query or path parameter
    the rule a request body's fields have.
    """
    if reason := unsafe(value):
        raise PydanticCustomError("unsafe_value", "{reason}", reason.context())
    return value


class RequestModel(BaseModel):
    """A request body; subclass it instead of ``BaseModel`` for every route's input."""

    @field_validator("*", mode="after")
    @classmethod
    def _safe_value(cls, value: Any) -> Any:
        return refuse_unsafe(value)
