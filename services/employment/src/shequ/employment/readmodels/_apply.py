"""A ledger applier: one event, in the projection's transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import asyncpg

from shequ.contracts import EventEnvelope

Applier = Callable[[asyncpg.Connection, EventEnvelope], Awaitable[None]]
