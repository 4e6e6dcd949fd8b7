"""Who may see and do what in rehab (权限) — the most restricted records shequ holds.

Decided first, as the domain names it (DOMAIN.md, issue #16): a case is read only by
its responsible workers (rehab workers of the case's office), the police liaison and
the anti-drug office (禁毒办) of the same jurisdiction, within their office subtree.
Everyone else — the district administrator and the auditor included — sees counts,
never names. Every read of a case is recorded (``RehabCaseRead``).

- Write a case: rehab workers, the police liaison (decisions, test results), the
  anti-drug office.
- Read a case: the same roles (restricted readers), in their subtree.
- Counts by office: those, and street/district administrators and auditors.
- Break-glass: an anti-drug officer (a district-level one, whose usual scope holds no
  case) may open a case of their subtree outside their usual scope, stating a
  reason; the opening lasts a few hours, is recorded and flagged for review.
"""

from __future__ import annotations

from shequ.access import AccessRules, Actor, OfficeLevel, Role

CASE_ROLES = (Role.REHAB_WORKER, Role.POLICE_LIAISON, Role.ANTI_DRUG_OFFICE)

ACCESS = AccessRules(
    writers=CASE_ROLES,
    readers=(Role.STREET_ADMIN, Role.DISTRICT_ADMIN, Role.AUDITOR),
    restricted=CASE_ROLES,
)
"""``readers`` see counts only: a route that shows a case requires ``restricted``."""

BREAK_GLASS_ROLES = (Role.ANTI_DRUG_OFFICE,)
"""Who may open a case outside their usual scope, on a stated reason."""


def may_read_case(
    actor: Actor, case_office: str, responsible_worker: str | None
) -> bool:
    """Whether ``actor`` may read a case held by ``case_office`` (without break-glass).

    The case's responsible worker always; another rehab worker only of the case's own
    office (the colleagues who receive a decision and assign the team); the police
    liaison and the anti-drug office of the case's jurisdiction: a street's or a
    community's, in their subtree. A district-level officer's usual scope holds no
    case: the district opens one by break-glass, on a stated reason, recorded and
    flagged (issue #16), and sees counts otherwise.
    """
    if actor.staff_id == responsible_worker and actor.has_any(*CASE_ROLES):
        return True
    if actor.has_any(Role.POLICE_LIAISON, Role.ANTI_DRUG_OFFICE):
        jurisdiction = actor.office.level != OfficeLevel.DISTRICT
        if jurisdiction and actor.can_see(case_office):
            return True
    return actor.has_any(Role.REHAB_WORKER) and str(actor.office) == case_office


def may_break_glass(actor: Actor, case_office: str) -> bool:
    """Whether ``actor`` may open a case of ``case_office`` on a stated reason.

    An anti-drug officer, for a case of their subtree (a district's: every case of
    the district) that their usual scope does not hold.
    """
    return actor.has_any(*BREAK_GLASS_ROLES) and actor.can_see(case_office)
