"""The cluster suite (`make test-cluster`): faults on real engines started on loopback.

Each test starts what it kills — a NATS cluster, a Patroni-managed PostgreSQL, service
replicas — on free ports of 127.0.0.1, never the default ones, and stops them by
process id. Bounded in time; not part of `make test` (CI runs both).
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.cluster)
