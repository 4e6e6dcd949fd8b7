"""What a backup keeps (备份范围): the rows of every table made outside the projections.

A table a command or an hourly job writes (a unique claim, a password hash, a session,
an upload's report, employment's ageing checks) is no projection's: no event gives its
rows back, so a backup must hold them. A projection's table must not be kept: the
restored service rebuilds it from the start of its streams, and rows already there
would be applied twice. ``KEPT`` in shequ.service._backup names the first kind; these
tests read every installed service's migrations so a new table is not left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from shequ.eventstore import Migration, store_migrations
from shequ.messaging import RELAY_MIGRATIONS, Projection
from shequ.service import ServiceDefinition
from shequ.service._backup import KEPT
from shequ.service._idempotency import IDEMPOTENCY_MIGRATIONS
from shequ.service._rundir import installed_services
from shequ.service.worker import load_definition

CREATED = re.compile(r"CREATE TABLE (?:IF NOT EXISTS )?([\w.{}\"]+)", re.IGNORECASE)


def _tables(migrations: Iterable[Migration]) -> set[str]:
    return {
        found.group(1).split(".")[-1].strip('"')
        for step in migrations
        for found in CREATED.finditer(step.sql)
    }


def _projections(definition: ServiceDefinition) -> Iterator[Projection]:
    for made in definition.projections:
        # A factory only keeps the store it is given (for its appends and its keys).
        store: Any = SimpleNamespace(keyring=object())
        yield made if isinstance(made, Projection) else made(store)


@pytest.mark.parametrize("service", installed_services())
def test_every_table_made_outside_the_projections_is_kept(service: str) -> None:
    definition = load_definition(service)
    made = [
        *store_migrations(),
        *RELAY_MIGRATIONS,
        *IDEMPOTENCY_MIGRATIONS,
        *definition.migrations,
    ]

    assert _tables(made) - KEPT == set()


@pytest.mark.parametrize("service", installed_services())
def test_no_projections_table_is_kept(service: str) -> None:
    definition = load_definition(service)
    projected = _tables(m for p in _projections(definition) for m in p.migrations)

    assert projected, "the projections' tables are found"
    assert projected & KEPT == set()
