"""Reporting's projections: the one list the service runs and a rebuild apart loads."""

from __future__ import annotations

from shequ.messaging import Projection
from shequ.reporting.readmodels.archive import archive_projection
from shequ.reporting.readmodels.ledgers import ledgers_projection


def projections() -> list[Projection]:
    """The archive and the ledgers, fresh (a projection holds no state of a run)."""
    return [archive_projection(), ledgers_projection()]
