"""Ledger tables of unemployment (placeholder until its aggregate lands)."""

from __future__ import annotations

from shequ.employment.ledgers._apply import Applier
from shequ.eventstore import Migration

TABLES: tuple[str, ...] = ()
MIGRATIONS: list[Migration] = []
APPLIERS: dict[str, Applier] = {}
