"""Who may see and do what in events (活动) — decided first (issue #18).

- Write (plan activities, record attendance, projects, volunteers, teams, corners):
  the activity organiser (文体/活动专干) of the office, in their subtree.
- Read activities, ledgers and figures: every staff member of the office and the
  offices above it (an auditor too); never the police's system.
- Personal data: who attended and a family visit's notes only to writers; a
  person's name and ID number in a ledger as the registry masks them.
"""

from __future__ import annotations

from shequ.access import STAFF_ROLES, AccessRules, Role

WRITERS = (Role.ACTIVITY_ORGANISER,)

ACCESS = AccessRules(writers=WRITERS, readers=STAFF_ROLES)
