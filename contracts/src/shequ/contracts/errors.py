"""Errors a decider raises when a rule of the domain refuses a command.

Domain code imports only contracts, so the base classes live here; the HTTP layer maps
them to RFC 9457 problem+json (422 for a broken rule, 404 for an unknown record).

A message is a template marked for the catalogue, its placeholders given as keywords:
``NotFound(N_("no person {person_id}"), person_id=pid, field="person_id")``. The edge
shows it in the reader's language (``shequ.i18n``); ``message`` is the English.
"""

from __future__ import annotations

from typing import ClassVar

from shequ.contracts.messages import N_, Msg, Params, english


class DomainError(Exception):
    """A rule of the domain refused a command; the message is in domain language.

    ``field`` names the input at fault when there is one, so an API can point at it.
    ``code`` is a stable slug for the rule (it becomes the problem type URI).
    """

    code: str = "domain-rule"
    #: What this kind of refusal is, the same for every instance (RFC 9457 ``title``).
    title: ClassVar[Msg] = N_("The request breaks a rule")

    def __init__(
        self, message: str, *, field: str | None = None, **params: object
    ) -> None:
        self.template = message
        self.params: Params = params
        self.message = english(message, params)
        super().__init__(self.message)
        self.field = field


class NotFound(DomainError):
    """The record a command or query names does not exist (HTTP 404)."""

    code = "not-found"
    title = N_("Not found")


class Conflict(DomainError):
    """The command would duplicate something that must be unique (HTTP 409)."""

    code = "conflict"
    title = N_("Conflicts with an existing record")


class NotYet(DomainError):
    """The answer is not ready yet, e.g. a read model still catching up (HTTP 503)."""

    code = "not-yet"
    title = N_("Not ready yet")


class BlankField(DomainError):
    """A field that must say something was left blank."""

    code = "blank-field"
    title = N_("A field is blank")

    def __init__(self, field: str, what: Msg) -> None:
        super().__init__(N_("{what} must not be blank"), field=field, what=what)


def require_text(value: str, field: str, what: Msg) -> str:
    """``value`` without surrounding space; :class:`BlankField` if nothing is left."""
    text = value.strip()
    if not text:
        raise BlankField(field, what)
    return text
