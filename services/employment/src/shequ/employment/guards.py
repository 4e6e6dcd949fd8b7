"""Uniqueness guards that commit with the events (certificate numbers …)."""

from __future__ import annotations

from shequ.eventstore import Migration

GUARD_MIGRATIONS: list[Migration] = []
