"""The base of every published event: a frozen pydantic model with a type tag.

An event type is published language shared by services, so its shape is strict:
unknown fields are refused and the model cannot change after construction. Each
concrete event names its type in a ``Literal`` field and its schema version in a class
variable; the event store records both beside the payload.
"""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from shequ.contracts._values import first_unsafe, is_stored


class Event(BaseModel):
    """Base class of every event. Subclasses set ``type`` and ``schema_version``.

    ``type`` is a ``Literal`` field defaulting to the class's event type name, e.g.
    ``type: Literal["PersonRegistered"] = "PersonRegistered"``; it is what the store
    and the NATS subject call the event. The payload stored is every other field.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: ClassVar[int] = 1
    stream_type: ClassVar[str] = ""
    # The field naming whose personal data this event holds (see
    # ``shequ.contracts.personal``); "" means ``person_id``, or the stream's id.
    data_subject: ClassVar[str] = ""
    # True for the event that erases its stream's subject (PersonErased): a process
    # that reads it treats the subject's key as gone at once, not when its cache ends.
    erases_subject: ClassVar[bool] = False
    type: str

    @model_validator(mode="after")
    def _safe_values(self, info: ValidationInfo) -> Self:
        # Once per event, not per field: replay and rebuilds decode millions.
        if is_stored(info.context):
            return self
        if found := first_unsafe(self.__dict__):
            name, reason = found
            raise PydanticCustomError(
                "unsafe_value", "{field} {reason}", {"field": name, **reason.context()}
            )
        return self

    @classmethod
    def event_type(cls) -> str:
        """The type tag this class is published under."""
        default = cls.model_fields["type"].default
        if not isinstance(default, str) or not default:
            raise TypeError(f"{cls.__name__} must give its type tag a default value")
        return default

    def payload_json(self) -> str:
        """The payload as JSON text, without the type tag (stored apart from it)."""
        return self.model_dump_json(exclude={"type"})
