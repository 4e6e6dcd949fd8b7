"""A ledger applier (one event, in the projection's transaction) and a page."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import asyncpg
from pydantic import BaseModel

from shequ.contracts import EventEnvelope

Applier = Callable[[asyncpg.Connection, EventEnvelope], Awaitable[None]]

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a ledger, with the total across all pages."""

    items: list[T]
    total: int
    page: int
    size: int
