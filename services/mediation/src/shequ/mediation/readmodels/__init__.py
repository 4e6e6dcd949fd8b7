"""Mediation's read models, from its own events: committees, disputes, obligations.

One projection, ``mediation-ledger``; each module contributes its tables and typed
appliers. No party, matter or note is held here: those stay sealed in the events and
are shown from the dispute's stream to a reader the rules allow (masked to others).
"""

from __future__ import annotations

from shequ.mediation.readmodels import committee, disputes, documents
from shequ.messaging import Projection, projection_of

_MODULES = (committee, disputes, documents)


def ledger_projection() -> Projection:
    return projection_of("mediation-ledger", ("mediation",), _MODULES)
