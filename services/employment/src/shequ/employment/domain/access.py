"""Who may do what in employment (权限): writers and readers, within the office subtree.

Employment officers (劳动保障协理员) and the offices' own staff write; an auditor reads
everything in its subtree and writes nothing. Other roles (rehab, mediation …) see no
one's employment file.
"""

from __future__ import annotations

from shequ.access import AccessRules, Role

ACCESS = AccessRules(
    writers=(
        Role.EMPLOYMENT_OFFICER,
        Role.COMMUNITY_WORKER,
        Role.STREET_ADMIN,
        Role.DISTRICT_ADMIN,
    ),
    readers=(Role.AUDITOR,),
)
