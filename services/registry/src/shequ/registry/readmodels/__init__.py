"""The registry's read models and the only SQL it holds.

``directory/`` is the projection ``registry-directory`` (offices, persons, households,
rentals, staff) with its queries; ``guards`` holds the unique-claim tables written in
the same transaction as a command's events (ID numbers, household membership, logins,
password hashes). ``legal_holds`` (projection ``registry-legal-holds``, fed by
employment and rehab) and ``retention`` (projection ``registry-retention``: closed
files and erasures) serve erasure and the retention rules.
"""

from __future__ import annotations

from shequ.messaging import Projection, projection_of
from shequ.registry.readmodels import legal_holds, retention


def erasure_projections() -> list[Projection]:
    """The read models erasure and retention read: holds, closed files, erasures."""
    return [
        projection_of("registry-legal-holds", ("employment", "rehab"), [legal_holds]),
        projection_of("registry-retention", ("registry",), [retention]),
    ]
