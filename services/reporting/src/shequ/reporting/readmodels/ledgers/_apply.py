"""A ledger applier: notes what one event changes, for the batch to write at once."""

from __future__ import annotations

from collections.abc import Callable

from shequ.contracts import EventEnvelope
from shequ.reporting.readmodels.ledgers._temporal import Changes

Applier = Callable[[Changes, EventEnvelope], None]
