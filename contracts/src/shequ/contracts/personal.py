"""Personal data in events (个人信息): which fields, whose, and how they are stored.

A contract marks a field personal with one marker, ``Annotated[str, PERSONAL]`` (or
``Personal(erased=...)`` to say what an erased value reads as). Whose data it is (the
data subject, whose key encrypts it) is the event's ``data_subject`` field, by default
``person_id`` when the event has one, else the id of the stream it is appended to.

The store writes such an event with its personal fields taken out and sealed under the
subject's key (see ``shequ.keyring``): the payload holds, under :data:`SEALED`, the
subject, the names of the sealed fields and the ciphertext. This package only knows
that shape: whoever decodes installs an :class:`Opener` (the keyring), and
:meth:`EventCatalog.decode` asks it to open a sealed payload before validating it.
When the subject's key was destroyed (erasure), the opener gives every sealed field its
erased value, so every reader still gets a valid event.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

if TYPE_CHECKING:
    from shequ.contracts._event import Event

SEALED = "_sealed"
"""The payload key under which a stored event keeps its sealed personal fields."""
ERASED_TEXT = "已删除"
ERASED_NAME = "姓名已删除"
ERASED_DATE = date(1, 1, 1)
"""What an erased date reads as: plainly no one's birthday (0001-01-01)."""


class Personal:
    """The marker of a personal field; ``erased`` is what it reads as once erased.

    Left out, the erased value is None for a field that admits None and
    :data:`ERASED_TEXT` for text; any other type must say.
    """

    __slots__ = ("erased",)

    def __init__(self, erased: object = ...) -> None:
        self.erased = erased

    def __repr__(self) -> str:
        return f"Personal(erased={self.erased!r})"

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The field's schema, marked ``x-personal`` for whoever reads the contract."""
        schema = handler(core_schema)
        schema["x-personal"] = True
        return schema


PERSONAL = Personal()
PERSONAL_NAME = Personal(erased=ERASED_NAME)


def _erased_value(name: str, annotation: Any, marker: Personal) -> object:
    if marker.erased is not ...:
        return marker.erased
    members = typing.get_args(annotation)
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    if annotation is type(None) or (union and type(None) in members):
        return None
    if annotation is str:
        return ERASED_TEXT
    raise TypeError(f"personal field {name} ({annotation!r}) must say its erased value")


@cache
def personal_fields(model: type[Event]) -> Mapping[str, object]:
    """The personal fields of ``model``, each with the value it reads as once erased."""
    found: dict[str, object] = {}
    for name, info in model.model_fields.items():
        for marker in info.metadata:
            if isinstance(marker, Personal):
                found[name] = _erased_value(name, info.annotation, marker)
    return types.MappingProxyType(found)


def subject_field(model: type[Event]) -> str | None:
    """The field naming the event's data subject, or None: the stream's id names it."""
    if model.data_subject:
        return model.data_subject
    return "person_id" if "person_id" in model.model_fields else None


class Opener(Protocol):
    """What turns a sealed payload back into a plain one (``shequ.keyring.KeyRing``)."""

    async def prepare(self, payloads: Iterable[Mapping[str, Any]]) -> None:
        """Have the keys of these payloads' subjects at hand for :meth:`open`."""

    def open(
        self, event_type: str, payload: Mapping[str, Any], erased: Mapping[str, object]
    ) -> dict[str, Any]:
        """The payload, sealed fields in place (``erased`` values if shredded)."""

    def erased_now(self, subjects: Iterable[str]) -> None:
        """Treat these subjects' keys as destroyed from now on (their erasure seen)."""


_opener: Opener | None = None


def install_opener(opener: Opener | None) -> None:
    """Use ``opener`` for every sealed payload this process decodes (None: none)."""
    global _opener  # noqa: PLW0603 - one key source per process, set at start
    _opener = opener


class SealedWithoutKeys(ValueError):
    """A sealed payload was read by a process that has no key source installed."""


def open_payload(model: type[Event], payload: Mapping[str, Any]) -> dict[str, Any]:
    """``payload`` with its sealed personal fields opened (see :class:`Opener`)."""
    if _opener is None:
        raise SealedWithoutKeys(
            f"{model.event_type()} holds sealed personal data and no keyring is set"
        )
    return _opener.open(model.event_type(), payload, personal_fields(model))


def note_erasures(subjects: Iterable[str]) -> None:
    """Subjects whose erasure event this process has just read: erased from now on.

    The erasing service destroys the key right after appending the event; another
    process may hold the key in its cache for a while, and must not show the
    person's data once it has seen the erasure.
    """
    if _opener is not None:
        _opener.erased_now(subjects)


async def prepare(payloads: Iterable[Mapping[str, Any]]) -> None:
    """Fetch, in one go, the keys that opening these payloads will need."""
    if _opener is not None:
        await _opener.prepare(payloads)
