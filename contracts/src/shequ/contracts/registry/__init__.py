"""Published events of the registry (人口登记): offices, staff, people, households.

The registry keeps one file per person (一人一档), the households (户) people live in,
rented housing (出租屋) with its landlord and tenants, and the office hierarchy keyed by
the 12-digit division code (统计用区划代码). Every person event carries the person's
office code, so another service can keep its own copy of a resident (name, masked ID,
office, birth date, sex, tags, household) and hand cases over when a person moves.
Registered residents (户籍人口) and the floating population (流动人口) are told apart
by ``residence``. Being elderly (60+) is derived from the birth date, never a tag.
Full ID numbers and phones travel for the registry's own read models; other services
should keep only ``document_masked``.
"""

from __future__ import annotations

from shequ.contracts._catalog import EventCatalog
from shequ.contracts.registry._households import (
    HeadOfHouseholdChanged,
    HouseholdEvent,
    HouseholdMemberAdded,
    HouseholdMemberRemoved,
    HouseholdRegistered,
    RentalEvent,
    RentalHousingRegistered,
    RentalTenantsChanged,
)
from shequ.contracts.registry._offices import (
    LeadershipGroupFormed,
    OfficeClosed,
    OfficeEvent,
    OfficeOpened,
    OfficeRenamed,
    StaffDeactivated,
    StaffEnrolled,
    StaffEvent,
    StaffRolesChanged,
)
from shequ.contracts.registry._people import (
    PersonDetailsCorrected,
    PersonDied,
    PersonErased,
    PersonEvent,
    PersonMergedInto,
    PersonMoved,
    PersonRegistered,
    PersonsMerged,
    PersonTagsChanged,
)
from shequ.contracts.registry._retention import (
    RecordKind,
    RetentionRuleEvent,
    RetentionRuleSet,
)
from shequ.contracts.registry._types import (
    DOCUMENT_KIND_LABELS,
    EMPLOYMENT_LABELS,
    ERASURE_GROUND_LABELS,
    MOVE_KIND_LABELS,
    OFFICE_KIND_LABELS,
    RELATIONSHIP_LABELS,
    RESIDENCE_LABELS,
    ROLE_LABELS,
    SEX_LABELS,
    TAG_LABELS,
    DocumentKind,
    Employment,
    ErasureGround,
    MoveKind,
    OfficeCodeText,
    OfficeKind,
    Relationship,
    Residence,
    RoleName,
    Sex,
    Tag,
)

CATALOG = EventCatalog(
    "registry",
    [
        OfficeOpened,
        OfficeRenamed,
        OfficeClosed,
        LeadershipGroupFormed,
        StaffEnrolled,
        StaffRolesChanged,
        StaffDeactivated,
        PersonRegistered,
        PersonDetailsCorrected,
        PersonTagsChanged,
        PersonMoved,
        PersonDied,
        PersonsMerged,
        PersonMergedInto,
        PersonErased,
        HouseholdRegistered,
        HouseholdMemberAdded,
        HouseholdMemberRemoved,
        HeadOfHouseholdChanged,
        RentalHousingRegistered,
        RentalTenantsChanged,
        RetentionRuleSet,
    ],
)

__all__ = [
    "CATALOG",
    "DOCUMENT_KIND_LABELS",
    "EMPLOYMENT_LABELS",
    "ERASURE_GROUND_LABELS",
    "MOVE_KIND_LABELS",
    "OFFICE_KIND_LABELS",
    "RELATIONSHIP_LABELS",
    "RESIDENCE_LABELS",
    "ROLE_LABELS",
    "SEX_LABELS",
    "TAG_LABELS",
    "DocumentKind",
    "Employment",
    "ErasureGround",
    "HeadOfHouseholdChanged",
    "HouseholdEvent",
    "HouseholdMemberAdded",
    "HouseholdMemberRemoved",
    "HouseholdRegistered",
    "LeadershipGroupFormed",
    "MoveKind",
    "OfficeClosed",
    "OfficeCodeText",
    "OfficeEvent",
    "OfficeKind",
    "OfficeOpened",
    "OfficeRenamed",
    "PersonDetailsCorrected",
    "PersonDied",
    "PersonErased",
    "PersonEvent",
    "PersonMergedInto",
    "PersonMoved",
    "PersonRegistered",
    "PersonTagsChanged",
    "PersonsMerged",
    "RecordKind",
    "Relationship",
    "RentalEvent",
    "RentalHousingRegistered",
    "RentalTenantsChanged",
    "Residence",
    "RetentionRuleEvent",
    "RetentionRuleSet",
    "RoleName",
    "Sex",
    "StaffDeactivated",
    "StaffEnrolled",
    "StaffEvent",
    "StaffRolesChanged",
    "Tag",
]
