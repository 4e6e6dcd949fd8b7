"""Published language of shequ: the event base, catalogs, the envelope, domain errors.

Contracts depend on pydantic only. Services and libs import from here; services never
import each other, so this package is how one service knows another's events.
"""

from shequ.contracts._catalog import CatalogError, EventCatalog, Payload, Upcaster
from shequ.contracts._envelope import EventEnvelope
from shequ.contracts._event import Event
from shequ.contracts._values import MAX_INTEGER, MAX_TEXT, unsafe
from shequ.contracts.errors import (
    BlankField,
    Conflict,
    DomainError,
    NotFound,
    NotYet,
    require_text,
)

__all__ = [
    "MAX_INTEGER",
    "MAX_TEXT",
    "BlankField",
    "CatalogError",
    "Conflict",
    "DomainError",
    "Event",
    "EventCatalog",
    "EventEnvelope",
    "NotFound",
    "NotYet",
    "Payload",
    "Upcaster",
    "require_text",
    "unsafe",
]
