"""Errors a decider raises when a rule of the domain refuses a command.

Domain code imports only contracts, so the base classes live here; the HTTP layer maps
them to RFC 9457 problem+json (422 for a broken rule, 404 for an unknown record).
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused a command; the message is in domain language.

    ``field`` names the input at fault when there is one, so an API can point at it.
    ``code`` is a stable slug for the rule (it becomes the problem type URI).
    """

    code: str = "domain-rule"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    """The record a command or query names does not exist (HTTP 404)."""

    code = "not-found"


class Conflict(DomainError):
    """The command would duplicate something that must be unique (HTTP 409)."""

    code = "conflict"


class NotYet(DomainError):
    """The answer is not ready yet, e.g. a read model still catching up (HTTP 503)."""

    code = "not-yet"


class BlankField(DomainError):
    """A field that must say something was left blank."""

    code = "blank-field"

    def __init__(self, field: str, what: str) -> None:
        super().__init__(f"{what} must not be blank", field=field)


def require_text(value: str, field: str, what: str) -> str:
    """``value`` without surrounding space; :class:`BlankField` if nothing is left."""
    text = value.strip()
    if not text:
        raise BlankField(field, what)
    return text
