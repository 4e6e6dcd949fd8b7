"""Why a request's value was refused, in the reader's language.

Pydantic says why in English; these are its common reasons as catalogue texts, with
the placeholders its error context fills. A reason not listed keeps pydantic's
English (the field is still named).
"""

from __future__ import annotations

from typing import Any

from pydantic_core import PydanticCustomError

from shequ.contracts.messages import N_, Msg, english
from shequ.webapi._problem import FieldProblem

#: pydantic error type → the reason, placeholders from the error's ``ctx``.
REASONS: dict[str, Msg] = {
    "missing": N_("is required"),
    "extra_forbidden": N_("is not a field of this request"),
    "string_type": N_("must be text"),
    "string_too_short": N_("must have at least {min_length} characters"),
    "string_too_long": N_("must have at most {max_length} characters"),
    "string_pattern_mismatch": N_("is not in the expected form"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_parsing": N_("must be a number"),
    "bool_parsing": N_("must be true or false"),
    "greater_than": N_("must be greater than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "date_parsing": N_("must be a date such as 2026-12-06"),
    "date_from_datetime_parsing": N_("must be a date such as 2026-12-06"),
    "date_type": N_("must be a date such as 2026-12-06"),
    "datetime_parsing": N_("must be a date and time such as 2026-12-06T09:30:00+08:00"),
    "datetime_from_date_parsing": N_(
        "must be a date and time such as 2026-12-06T09:30:00+08:00"
    ),
    "datetime_type": N_("must be a date and time such as 2026-12-06T09:30:00+08:00"),
    "enum": N_("must be one of {expected}"),
    "literal_error": N_("must be one of {expected}"),
    "list_type": N_("must be a list"),
    "too_short": N_("must have at least {min_length} items"),
    "too_long": N_("must have at most {max_length} items"),
    "dict_type": N_("must be an object"),
    "model_attributes_type": N_("must be an object"),
    "model_type": N_("must be an object"),
    "json_invalid": N_("is not valid JSON"),
    "uuid_parsing": N_("must be a UUID"),
    "missing_argument": N_("is required"),
}


def field_problem(field: str, error: Any) -> FieldProblem:
    """The problem with ``field`` that pydantic's ``error`` (a dict) describes."""
    context = dict(error.get("ctx") or {})
    if "template" in context:
        # A rule of ours (the safe-value rule, a service's own check) carries its
        # marked template in the error's context: see ``marked_error``.
        template = str(context.pop("template"))
        return FieldProblem(field, template, _plain(context))
    reason = REASONS.get(error["type"])
    if reason is None:
        return FieldProblem(field, str(error["msg"]))
    return FieldProblem(field, reason, _plain(context))


def _plain(context: dict[str, Any]) -> dict[str, object]:
    # Context values may be exceptions or types; a message shows them as text.
    return {
        k: v if isinstance(v, str | int | float) else str(v) for k, v in context.items()
    }


def marked_error(kind: str, template: str, **params: object) -> PydanticCustomError:
    """A validation error whose reason is a marked text (``N_``), shown translated.

    Raise it from a pydantic validator; the field is named as for any other error.
    """
    return PydanticCustomError(
        kind, english(template, params), {"template": template, **params}
    )
