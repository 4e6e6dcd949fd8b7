"""The acting staff member (工作人员) and the checks a service makes before it acts.

An actor is what a verified token says: a staff id, the office the staff member works
for, and their roles. Offices see their own subtree only (a street sees its
communities, never a neighbouring street); which role may do what is up to services.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from shequ.access._errors import AccessDenied
from shequ.access._office import OfficeCode
from shequ.contracts.messages import N_, Listed
from shequ.contracts.registry import ROLE_LABELS


class Role(StrEnum):
    COMMUNITY_WORKER = "community_worker"
    STREET_ADMIN = "street_admin"
    DISTRICT_ADMIN = "district_admin"
    EMPLOYMENT_OFFICER = "employment_officer"
    REHAB_WORKER = "rehab_worker"
    POLICE_LIAISON = "police_liaison"
    ANTI_DRUG_OFFICE = "anti_drug_office"
    MEDIATOR = "mediator"
    JUSTICE_OFFICE = "justice_office"  # 司法所: guides the mediation committees
    ACTIVITY_ORGANISER = "activity_organiser"
    AUDITOR = "auditor"  # reads everything in its office subtree, writes nothing
    # A partner department's system (对接账号), not a staff member: it sends what its
    # department owns (the police: decisions, test results) and reads nothing.
    POLICE_PARTNER = "police_partner"


PARTNER_ROLES = frozenset({Role.POLICE_PARTNER})
STAFF_ROLES = tuple(role for role in Role if role not in PARTNER_ROLES)
"""Every role a staff member can hold: a service's "every reader" means these."""


class Actor(BaseModel):
    """Who is acting; built from a verified token, passed into commands as data."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    staff_id: str
    office: OfficeCode
    roles: frozenset[Role]

    def can_see(self, office_code: str) -> bool:
        """True when ``office_code`` is the actor's office or lies beneath it."""
        return self.office.covers(office_code)

    def has_any(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)


def require_office(actor: Actor, office_code: str) -> None:
    """Raise ``AccessDenied`` unless ``office_code`` is in the actor's subtree."""
    if not actor.can_see(office_code):
        raise AccessDenied(
            N_("office {office} is outside the subtree of office {actor_office}"),
            office=office_code,
            actor_office=actor.office,
        )


def require_role(actor: Actor, *roles: Role) -> None:
    """Raise ``AccessDenied`` unless the actor holds at least one of ``roles``."""
    if not actor.has_any(*roles):
        raise AccessDenied(
            N_("staff {staff_id} holds none of the roles: {roles}"),
            staff_id=actor.staff_id,
            roles=Listed(ROLE_LABELS[role] for role in sorted(roles)),
        )
