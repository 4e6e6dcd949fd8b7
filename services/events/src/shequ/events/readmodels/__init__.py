"""Events' read models, from its own events: activities, projects, volunteers, teams.

One projection, ``events-ledgers``; each module contributes its tables and typed
appliers. The tables hold what ledgers, figures and to-dos need — offices, kinds,
days, counts, hours, points — and no personal detail (who attended, a visit's
notes): those stay sealed in the events and are shown from the stream to a writer.
"""

from __future__ import annotations

from shequ.events.readmodels import activities, community, projects, volunteers
from shequ.messaging import Projection, projection_of

_MODULES = (activities, projects, community, volunteers)


def ledgers_projection() -> Projection:
    return projection_of("events-ledgers", ("events",), _MODULES)
