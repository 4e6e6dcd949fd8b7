"""The registry's directory (名册): offices, persons, households and staff as tables.

One projection, ``registry-directory``, fed by the registry's own events; each
sub-domain module contributes its tables (``MIGRATIONS``) and one typed applier per
event type (``APPLY``). Queries read these tables; commands never do (they replay
streams and use the guard tables), so the directory may lag by the relay and
projection delay.
"""

from __future__ import annotations

from dataclasses import replace

from shequ.eventstore import EventStore, Migration
from shequ.messaging import Projection, projection_of
from shequ.registry.readmodels.directory import (
    households,
    offices,
    persons,
    rentals,
    staff,
)
from shequ.registry.readmodels.guards import keyring_of
from shequ.service import ProjectionFactory

_MODULES = (offices, persons, staff, households, rentals)

# Numbers became digests and sealed values (#22): a directory kept before that is
# emptied and its checkpoint rewound, so the runner rebuilds it when it starts. That
# refills the persons' numbers and the document guard's claims (whose clear numbers
# the guard's own migration dropped); a new directory has nothing to empty.
_REBUILT_FOR_DIGESTS = Migration(
    "registry-directory",
    1,
    f"""TRUNCATE {", ".join(t for m in _MODULES for t in m.TABLES)};
        UPDATE projection_checkpoints
        SET stream_seq = 0, transaction_id = NULL, position = NULL,
            recorded_at = NULL, updated_at = now()
        WHERE projection = 'registry-directory';
        DELETE FROM parked_events WHERE projection = 'registry-directory';""",
)


def directory_projection() -> ProjectionFactory:
    """The projection that keeps the directory, given the store whose keys it uses."""

    def keeping(store: EventStore) -> Projection:
        plain = projection_of("registry-directory", ("registry",), _MODULES)
        plain = replace(plain, migrations=[*plain.migrations, _REBUILT_FOR_DIGESTS])
        return persons.sealing(plain, keyring_of(store))

    return keeping
