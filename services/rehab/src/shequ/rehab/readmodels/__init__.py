"""Rehab's read models, from its own events: cases, their tests, the reads of them.

One projection, ``rehab-cases``; each module contributes its tables (``MIGRATIONS``,
``TABLES``) and typed appliers (``APPLY``). The tables hold what figures, timers,
to-dos and listings need — offices, kinds, dates, results, counts, staff ids — and no
personal detail of a case (ground, decision number, notes): those stay sealed in the
events and are shown only from a replayed stream, to a reader the rules allow. A
person's name comes from the people copy at query time.
"""

from __future__ import annotations

from shequ.messaging import Projection, projection_of
from shequ.rehab.readmodels import case_work, cases, documents, reads

_MODULES = (cases, reads, case_work, documents)
CASES = "rehab-cases"


def cases_projection() -> Projection:
    return projection_of(CASES, ("rehab",), _MODULES)
