"""The registry's directory (名册): offices, persons, households and staff as tables.

One projection, ``registry-directory``, fed by the registry's own events; each
sub-domain module contributes its tables (``MIGRATIONS``) and one typed applier per
event type (``APPLY``). Queries read these tables; commands never do (they replay
streams and use the guard tables), so the directory may lag by the relay and
projection delay.
"""

from __future__ import annotations

from shequ.messaging import Projection, projection_of
from shequ.registry.readmodels.directory import (
    households,
    offices,
    persons,
    rentals,
    staff,
)

_MODULES = (offices, persons, staff, households, rentals)


def directory_projection() -> Projection:
    """The projection that keeps the directory."""
    return projection_of("registry-directory", ("registry",), _MODULES)
