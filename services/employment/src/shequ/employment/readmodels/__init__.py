"""Employment's ledgers (台帐) as tables, from its own events.

One projection, ``employment-ledgers``; each module contributes its tables
(``MIGRATIONS``, ``TABLES``) and typed appliers (``APPLY``). A ledger
query joins ``people`` (the registry copy) for the person's name and current
office, so a person who moved shows under their new office. Commands never read these
tables; they replay streams.
"""

from __future__ import annotations

from shequ.employment.readmodels import (
    assistance,
    household_heads,
    households,
    profiles,
    unemployment,
    vacancies,
)
from shequ.messaging import Projection, projection_of

_MODULES = (profiles, unemployment, assistance, vacancies, households)


def ledgers_projection() -> Projection:
    return projection_of("employment-ledgers", ("employment",), _MODULES)


def households_projection() -> Projection:
    """The registry's households' heads and addresses, for the 零就业家庭 ledger."""
    return projection_of("employment-households", ("registry",), (household_heads,))
