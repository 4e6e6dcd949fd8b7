"""Values the store takes and returns: who appends, what it did, where a reader is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple
from uuid import UUID


@dataclass(frozen=True)
class Metadata:
    """Who appends and why: copied into every event's envelope and into its hash.

    ``actor`` is the staff id, ``office`` the 12-digit office code the actor acted for.
    """

    actor: str | None = None
    office: str | None = None
    correlation_id: UUID | None = None
    causation_id: UUID | None = None


class Checkpoint(NamedTuple):
    """A place in a store's global order: (transaction id, position).

    Events are delivered in this order, which never changes once an event is visible.
    """

    transaction_id: int = 0
    position: int = 0


class AppendResult(NamedTuple):
    """What one command appended, or, for a retried command, what it appended first.

    ``checkpoint`` is the last event's place in the global order: a reader that has
    passed it has seen this command's effect (read-your-writes). A named tuple, not a
    frozen dataclass: one is made per append, and that init cost a twentieth of a
    single-event append (bench (a)).
    """

    stream_id: str
    first_version: int
    last_version: int
    first_position: int | None
    last_position: int | None
    transaction_id: int
    duplicate: bool = False

    @property
    def checkpoint(self) -> Checkpoint | None:
        if self.last_position is None:
            return None
        return Checkpoint(self.transaction_id, self.last_position)
