"""Who may see and do what in mediation (权限), decided first (issue #17).

- Mediators (调解员) keep the ledger: register disputes and record every step, in
  their subtree. The committee's members are appointed by its mediators or by the
  justice office (司法所), which guides the committees of its jurisdiction.
- Parties' personal data (names, contacts, the matter, what was said) is seen by the
  committee (the mediator role) and the justice office of the jurisdiction — a
  record of their subtree — and masked for every other reader.
- Ledgers, figures and the committee's hotline list: those, and the community
  workers, street and district administrators and the auditor (masked).
"""

from __future__ import annotations

from shequ.access import STAFF_ROLES, AccessRules, Actor, Role

ACCESS = AccessRules(
    writers=(Role.MEDIATOR,),
    readers=(
        Role.JUSTICE_OFFICE,
        Role.COMMUNITY_WORKER,
        Role.STREET_ADMIN,
        Role.DISTRICT_ADMIN,
        Role.AUDITOR,
    ),
    restricted=(Role.MEDIATOR, Role.JUSTICE_OFFICE),
)
"""``restricted``: who sees the parties' personal data whole."""

COMMITTEE = AccessRules(
    writers=(Role.MEDIATOR, Role.JUSTICE_OFFICE), readers=STAFF_ROLES
)
"""The committee: its members' phones are published, so all staff read it."""


def sees_parties(actor: Actor, office: str) -> bool:
    """Whether ``actor`` sees the parties of a dispute of ``office`` unmasked."""
    return actor.has_any(*ACCESS.restricted) and actor.can_see(office)
