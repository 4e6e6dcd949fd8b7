"""Who sees what in reporting (权限): subtrees, personal data by role, rehab records.

Every role reads, each its own office subtree: a community its own ledgers, a street
the sum and the detail of its communities, the district everything. A work plan is
written by the office's own staff (community worker, street or district admin) or by
the admins of an office above it. Names are shown to the offices' own staff; other
readers (auditors, partner departments) see them masked. Full ID and phone numbers are
shown to the roles the registry shows them to. Rehab records are for the responsible
rehab workers, the police liaison and the anti-drug office only (DOMAIN.md), and every
read of them is recorded; a dispute's parties (人民调解) for the mediators and the
justice office of the jurisdiction, each read recorded too. A designation (创建) is
prepared and applied for by the office's own staff, reviewed by the street above it
and accepted, inspected, named and re-checked by the district's admins. The audit log
is for auditors and admins; verifying every store's chains for a district's auditor
or admin; rebuilds for the district admin.
"""

from __future__ import annotations

from shequ.access import (
    STAFF_ROLES,
    AccessDenied,
    AccessRules,
    Actor,
    OfficeLevel,
    Role,
    require_role,
)
from shequ.contracts import NotFound
from shequ.contracts.messages import N_
from shequ.reporting.domain.privacy import Clearance

ADMINS = frozenset({Role.STREET_ADMIN, Role.DISTRICT_ADMIN})
ACCESS = AccessRules(
    writers={Role.COMMUNITY_WORKER, *ADMINS},
    readers=STAFF_ROLES,
    restricted={Role.REHAB_WORKER, Role.POLICE_LIAISON, Role.ANTI_DRUG_OFFICE},
)
SEES_NAMES = frozenset(
    {
        Role.COMMUNITY_WORKER,
        Role.STREET_ADMIN,
        Role.DISTRICT_ADMIN,
        Role.EMPLOYMENT_OFFICER,
    }
)
SEES_REHAB = ACCESS.restricted
SEES_PARTIES = frozenset({Role.MEDIATOR, Role.JUSTICE_OFFICE})
SEES_FULL_IDENTITY = frozenset(
    {Role.COMMUNITY_WORKER, Role.STREET_ADMIN, Role.DISTRICT_ADMIN, Role.POLICE_LIAISON}
)
AUDITORS = (Role.AUDITOR, Role.DISTRICT_ADMIN, Role.STREET_ADMIN)
VERIFIERS = (Role.AUDITOR, Role.DISTRICT_ADMIN)
OPERATORS = (Role.DISTRICT_ADMIN,)


class OfficeNotKnown(NotFound):
    """No such office; also the answer for an office outside the reader's subtree."""

    code = "office-not-known"
    title = N_("Office not known")

    def __init__(self, office: str, *, field: str = "office") -> None:
        super().__init__(
            N_("no office {office} is on record (or it has not reached reporting yet)"),
            field=field,
            office=office,
        )


def may_plan(actor: Actor, office: str) -> None:
    """Refuse unless ``actor`` is the office's own staff or an admin above it.

    An office outside the actor's subtree is answered as an unknown one.
    """
    ACCESS.may_write(actor, office, unknown=OfficeNotKnown(office))
    if actor.office != office and not actor.has_any(*ADMINS):
        raise AccessDenied(
            N_(
                "staff {staff} of office {acting_office} may not set the work plan"
                " of office {office}"
            ),
            staff=actor.staff_id,
            acting_office=str(actor.office),
            office=office,
        )


def may_prepare(actor: Actor, office: str) -> None:
    """A designation's stages and application: the office's staff or admins above.

    创建 is the community's own work; a street or the district may record it for one.
    """
    ACCESS.may_write(actor, office, unknown=OfficeNotKnown(office))
    if actor.office != office and not actor.has_any(*ADMINS):
        raise AccessDenied(
            N_("staff of office {acting_office} may not act for office {office}"),
            acting_office=str(actor.office),
            office=office,
        )


def may_review(actor: Actor, office: str) -> None:
    """The application's review: a street (town) above the office, or the district."""
    ACCESS.may_write(actor, office, unknown=OfficeNotKnown(office))
    if actor.office == office or not actor.has_any(*ADMINS):
        raise AccessDenied(
            N_("an application is reviewed by the street (town) above the office")
        )


def may_designate(actor: Actor, office: str) -> None:
    """Acceptance, inspection, naming and the long term: the district's admins.

    The district stands in for the city office that names titles (seed 000 篇一).
    """
    ACCESS.may_write(actor, office, unknown=OfficeNotKnown(office))
    if not (
        actor.has_any(Role.DISTRICT_ADMIN)
        and actor.office.level is OfficeLevel.DISTRICT
    ):
        raise AccessDenied(
            N_("a district administrator accepts, inspects, names and re-checks")
        )


def may_audit(actor: Actor) -> None:
    """Refuse unless ``actor`` reads the audit log and replays cases."""
    require_role(actor, *AUDITORS)


def may_operate(actor: Actor, *, listing: bool = False) -> None:
    """Refuse unless ``actor`` rebuilds projections (or, ``listing``, sees them)."""
    require_role(actor, *OPERATORS, *((Role.AUDITOR,) if listing else ()))


def may_verify(actor: Actor) -> None:
    """Refuse unless ``actor`` may verify every office's records (a district does)."""
    require_role(actor, *VERIFIERS)
    if actor.office.level is not OfficeLevel.DISTRICT:
        raise AccessDenied(N_("verification covers every office: a district runs it"))


def covers_stream(actor: Actor, office: str | None) -> bool:
    """Whether a stream of ``office`` is in the actor's subtree.

    A stream naming no office belongs to no subtree: a district reads it.
    """
    if office is None:
        return actor.office.level is OfficeLevel.DISTRICT
    return actor.can_see(office)


def shows_names(actor: Actor) -> bool:
    return actor.has_any(*SEES_NAMES)


def sees_rehab(actor: Actor) -> bool:
    """Whether ``actor`` sees who rehab's clients are (others see counts only)."""
    return actor.has_any(*SEES_REHAB)


def sees_parties(actor: Actor, office: str) -> bool:
    """Whether ``actor`` sees the parties of a dispute of ``office`` unmasked.

    The committee (mediators) and the justice office (司法所) of the jurisdiction,
    as mediation decides it (its ``domain.access.sees_parties``); others see them
    masked.
    """
    return actor.has_any(*SEES_PARTIES) and actor.can_see(office)


def clearance(actor: Actor) -> Clearance:
    """What ``actor`` may see unmasked of archived records."""
    return Clearance(
        restricted=sees_rehab(actor),
        names=shows_names(actor),
        identity=actor.has_any(*SEES_FULL_IDENTITY),
    )
