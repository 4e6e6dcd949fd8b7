"""Who may call what, on whose records: every role × every operation × every office.

One table (:data:`ROUTES`) says, for each operation of each service's OpenAPI
document, which roles may call it and what decides the office it touches: a record
named in the path (a person, a household, a vacancy, a rehab case …), an office in
the body, or a ``within`` subtree. Every role then calls every operation on a record
of its own community, of another community of the same street, and of another
street, and the answer must follow from the table alone:

- a role that may, on its own subtree: an answer past the access checks (2xx, or a
  rule's 409/412/422: every write carries a stale ``If-Match``, so nothing changes);
- a role that may never: 403;
- a record outside the actor's subtree: answered exactly as an unknown id (#14 item
  9), the same status and the same body but for the id: 404 where the role may act,
  and never a word of the record (its name, its ID number).

An operation missing from the table fails :func:`test_the_table_names_every_operation`,
so a new route cannot go unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import pytest

from shequ.access import STAFF_ROLES, OfficeCode, Role
from shequ.registry.domain.identity import check_digit
from shequ.service import ServiceSettings
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B, DISTRICT
from shequ.testing.feeds import STREET_A as STREET
from shequ.testing.tokens import PUBLIC_KEY

from .conftest import BUILDERS, SERVICES, Stack, headers

R = Role
ALL = frozenset(STAFF_ROLES)  # "every role" of a service: staff, never a partner
ANY_CALLER = frozenset(Role)
POLICE_SYSTEM = frozenset({R.POLICE_PARTNER})
REG_WRITERS = frozenset({R.COMMUNITY_WORKER, R.STREET_ADMIN, R.DISTRICT_ADMIN})
ADMINS = frozenset({R.STREET_ADMIN, R.DISTRICT_ADMIN})
DISTRICT_ADMIN = frozenset({R.DISTRICT_ADMIN})
EMP_WRITERS = REG_WRITERS | {R.EMPLOYMENT_OFFICER}
EMP_READERS = EMP_WRITERS | {R.AUDITOR}
AUDITORS = ADMINS | {R.AUDITOR}
OPERATORS = DISTRICT_ADMIN | {R.AUDITOR}  # the auditor sees status and parked
RETENTION = DISTRICT_ADMIN | {R.AUDITOR}  # retention rules and the due ledger
NOBODY: frozenset[Role] = frozenset()
# Rehab (issue #16): only a case's readers (社区戒毒康复 workers, the police liaison,
# 禁毒办) read or change a case; the administrators and the auditor see counts.
CASE_ROLES = frozenset({R.REHAB_WORKER, R.POLICE_LIAISON, R.ANTI_DRUG_OFFICE})
CASE_COUNTS = CASE_ROLES | AUDITORS
BREAK_GLASS = frozenset({R.ANTI_DRUG_OFFICE})
GLASS_REVIEWERS = frozenset({R.REHAB_WORKER, R.ANTI_DRUG_OFFICE})
# Mediation (issue #17): mediators keep the ledger; the justice office (司法所),
# community workers, administrators and the auditor read it (the parties masked but
# for the committee and 司法所); all staff read the committees' hotline list, which
# mediators and 司法所 keep.
MEDIATORS = frozenset({R.MEDIATOR})
MED_READERS = MEDIATORS | AUDITORS | {R.JUSTICE_OFFICE, R.COMMUNITY_WORKER}
COMMITTEE_KEEPERS = frozenset({R.MEDIATOR, R.JUSTICE_OFFICE})
# Events (issue #18): the activity organiser writes; every staff member reads.
EV_WRITERS = frozenset({R.ACTIVITY_ORGANISER})

Scope = Literal["record", "body", "within", "none"]


@dataclass(frozen=True)
class Rule:
    """Who may call an operation, and where the office it acts on comes from.

    ``record`` names the kind of record in the path (``scope="record"``); ``body``
    the field naming an office in the body; ``within`` a subtree query. ``also``:
    answers that mean "past the access checks" for this operation besides the usual
    (a sub-record the path names that does not exist: 404). ``district``: only an
    actor of a district office may (it covers every office). ``refused``: what a
    role that may not gets (403, or 401 where the request's own credential decides).
    """

    may: frozenset[Role]
    scope: Scope = "none"
    record: str = ""
    also: frozenset[int] = frozenset()
    district: bool = False
    refused: int = 403


def rec(kind: str, may: frozenset[Role], *also: int) -> Rule:
    return Rule(may, "record", kind, frozenset(also))


def body(may: frozenset[Role]) -> Rule:
    return Rule(may, "body")


def within(may: frozenset[Role]) -> Rule:
    return Rule(may, "within")


def anyone(
    may: frozenset[Role], *also: int, district: bool = False, refused: int = 403
) -> Rule:
    return Rule(may, "none", also=frozenset(also), district=district, refused=refused)


REG, EMP, REP = "/api/v1/registry", "/api/v1/employment", "/api/v1/reporting"
REH = "/api/v1/rehab"
MED = "/api/v1/mediation"
EV = "/api/v1/events"
SUB = 404  # a sub-record (registration, certificate, referral …) the path names
# fmt: off
# Operations on every service: health for anyone, operations for the district.
_EVERY: dict[str, Rule] = {}
for s in SERVICES:
    _EVERY |= {
        f"GET /api/v1/{s}/health/live": anyone(ANY_CALLER),
        f"GET /api/v1/{s}/health/ready": anyone(ANY_CALLER),
        f"GET /api/v1/{s}/ops/status": anyone(OPERATORS),
        f"GET /api/v1/{s}/ops/parked": anyone(OPERATORS),
        f"POST /api/v1/{s}/ops/parked/{{projection}}/{{source}}/{{stream_seq}}/replay":
            anyone(DISTRICT_ADMIN, SUB),
    }
_HOUSEHOLD = f"{REG}/households/{{household_id}}"
_UNEMPLOYMENT = f"{EMP}/unemployment/{{person_id}}"
_ASSISTANCE = f"{EMP}/assistance/{{person_id}}"
_VACANCY = f"{EMP}/vacancies/{{vacancy_id}}"
_PLAN = f"{REP}/work-plans/{{office}}/{{year}}"
_DESIGNATION = f"{REP}/designations/{{office}}/{{campaign}}"
_CASE = f"{REH}/cases/{{case_id}}"
_DISPUTE = f"{MED}/disputes/{{dispute_id}}"
_COMMITTEE = f"{MED}/committees/{{office}}"
_ACTIVITY = f"{EV}/activities/{{activity_id}}"
_VOLUNTEER = f"{EV}/volunteers/{{person_id}}"
ROUTES: dict[str, Rule] = {
    **_EVERY,
    # Registry: offices; opening one is writing its parent (a community's street).
    f"POST {REG}/offices": body(ADMINS),
    f"GET {REG}/offices": within(ALL),
    f"POST {REG}/offices/{{code}}/name": rec("office", REG_WRITERS),
    f"POST {REG}/offices/{{code}}/closure": rec("office", ADMINS),
    f"POST {REG}/offices/{{code}}/leadership-groups": rec("office", ADMINS),
    f"GET {REG}/offices/{{code}}/leadership-groups": rec("office", ALL),
    # Person files, households, rented housing: the offices' own staff write.
    f"POST {REG}/persons": body(REG_WRITERS),
    f"GET {REG}/persons": within(ALL),
    f"GET {REG}/persons/{{person_id}}": rec("person", ALL),
    **{f"POST {REG}/persons/{{person_id}}/{p}": rec("person", REG_WRITERS)
       for p in ("corrections", "tags", "moves", "death", "merges")},
    # Erasure (个人信息删除) and retention rules (保存期限): the district admin's.
    f"POST {REG}/persons/{{person_id}}/erasure": rec("person", DISTRICT_ADMIN),
    f"PUT {REG}/retention-rules/{{record_kind}}": anyone(DISTRICT_ADMIN, SUB),
    f"GET {REG}/retention-rules/{{record_kind}}": anyone(RETENTION, SUB),
    f"GET {REG}/retention/due": within(RETENTION),
    f"POST {REG}/households": body(REG_WRITERS),
    f"GET {REG}/households": within(ALL),
    f"GET {_HOUSEHOLD}": rec("household", ALL),
    f"POST {_HOUSEHOLD}/members": rec("household", REG_WRITERS),
    f"DELETE {_HOUSEHOLD}/members/{{person_id}}": rec("household", REG_WRITERS),
    f"POST {_HOUSEHOLD}/head": rec("household", REG_WRITERS),
    f"POST {REG}/rentals": body(REG_WRITERS),
    f"GET {REG}/rentals": within(ALL),
    f"GET {REG}/rentals/{{rental_id}}": rec("rental", ALL),
    f"POST {REG}/rentals/{{rental_id}}/tenants": rec("rental", REG_WRITERS),
    # Imports: an upload (multipart, its office beside the file) and its job; the
    # fixtures hold no job, so a writer's request is past the checks at the 404.
    f"POST {REG}/imports": anyone(REG_WRITERS),
    f"GET {REG}/imports/{{job_id}}": anyone(REG_WRITERS, SUB),
    f"GET {REG}/imports/{{job_id}}/refused": anyone(REG_WRITERS, SUB),
    # Sign-in goes by its own credential: a wrong password or refresh token is 401.
    f"POST {REG}/sign-in": anyone(NOBODY, refused=401),
    f"POST {REG}/sign-in/refresh": anyone(NOBODY, refused=401),
    f"POST {REG}/sign-out": anyone(NOBODY, refused=401),
    # Staff: everyone sees the staff of its subtree; street and district admins
    # manage them.
    f"POST {REG}/staff": body(ADMINS),
    f"GET {REG}/staff": within(ALL),
    **{f"POST {REG}/staff/{{staff_id}}/{p}": rec("staff", ADMINS)
       for p in ("roles", "deactivation", "password")},
    # Employment: a person's file, read by auditors too; a sub-record the path
    # names (registration, certificate, follow-up, referral) is not in the fixtures.
    f"GET {EMP}/profiles/{{person_id}}": rec("person", EMP_READERS),
    **{f"{m} {EMP}/profiles/{{person_id}}/{p}": rec("person", EMP_WRITERS)
       for m, p in (("POST", "status"), ("POST", "flexible"),
                    ("POST", "flexible/certification"), ("PUT", "job-seeking"),
                    ("DELETE", "job-seeking"))},
    f"GET {EMP}/profiles/{{person_id}}/suggestions": rec("person", EMP_READERS),
    f"GET {_UNEMPLOYMENT}": rec("person", EMP_READERS),
    f"POST {_UNEMPLOYMENT}/registrations": rec("person", EMP_WRITERS),
    f"POST {_UNEMPLOYMENT}/registrations/{{registration_id}}/end":
        rec("person", EMP_WRITERS, SUB),
    f"POST {_UNEMPLOYMENT}/certificates": rec("person", EMP_WRITERS),
    **{f"POST {_UNEMPLOYMENT}/certificates/{{number}}/{p}":
       rec("person", EMP_WRITERS, SUB) for p in ("return", "cancel")},
    f"GET {_ASSISTANCE}": rec("person", EMP_READERS),
    **{f"POST {_ASSISTANCE}/{p}": rec("person", EMP_WRITERS)
       for p in ("difficulty", "difficulty/resolve", "follow-ups", "contacts",
                 "trainings", "guidance")},
    **{f"POST {_ASSISTANCE}/follow-ups/{{follow_up_id}}/{p}":
       rec("person", EMP_WRITERS, SUB) for p in ("cancel", "reassign")},
    f"POST {_ASSISTANCE}/trainings/{{referral_id}}/outcome":
        rec("person", EMP_WRITERS, SUB),
    # The two job banks: vacancies belong to an office as persons do.
    f"POST {EMP}/vacancies": body(EMP_WRITERS),
    f"GET {EMP}/vacancies": within(EMP_READERS),
    f"GET {_VACANCY}": rec("vacancy", EMP_READERS),
    f"POST {_VACANCY}/close": rec("vacancy", EMP_WRITERS),
    f"POST {_VACANCY}/referrals": rec("vacancy", EMP_WRITERS),
    f"GET {_VACANCY}/referrals": rec("vacancy", EMP_READERS),
    f"GET {_VACANCY}/suggestions": rec("vacancy", EMP_READERS),
    **{f"POST {_VACANCY}/referrals/{{referral_id}}/{p}":
       rec("vacancy", EMP_WRITERS, SUB) for p in ("interview", "hire", "reject")},
    # Ledgers and figures of a subtree.
    **{f"GET {EMP}/{p}": within(EMP_READERS) for p in (
        "ledgers/unemployed", "ledgers/unemployed/export", "figures/unemployment",
        "follow-ups", "follow-ups/overdue", "ledgers/difficulty",
        "ledgers/difficulty/export", "ledgers/vacancies/export",
        "ledgers/job-seekers", "ledgers/job-seekers/export",
        "zero-employment-households", "zero-employment-households/export",
        "figures/employment-rate", "figures/full-employment-standard",
        "ledgers/trainings", "ledgers/trainings/export", "ledgers/guidance",
        "ledgers/guidance/export", "ledgers/certificates",
        "ledgers/certificates/export")},
    # Reporting: every role reads its subtree (an office outside it answers as an
    # unknown office); plans by the office's staff or admins above; the audit log
    # for auditors and admins; verification for a district; operations for the
    # district admin.
    **{f"GET {REP}/{p}": rec("office", ALL) for p in (
        "figures", "ledgers/unemployed", "ledgers/zero-employment-households",
        "ledgers/export", "work-plans", "ledgers/rehab/cases",
        "ledgers/rehab/figures", "ledgers/rehab/export",
        "ledgers/mediation/disputes", "ledgers/mediation/figures",
        "ledgers/mediation/export")},
    f"GET {REP}/persons/{{person_id}}/file": rec("person", ALL),
    # Events' ledgers in reporting, what a work plan's events figure counts, the
    # monthly activity report: every staff reader of the subtree.
    **{f"GET {REP}/ledgers/events/{p}": rec("office", ALL) for p in (
        "activities", "volunteers", "points", "teams", "figures", "export")},
    f"GET {_PLAN}/metrics/{{metric}}/activities": rec("office", ALL),
    f"GET {REP}/monthly/{{office}}/{{year}}/{{month}}": rec("office", ALL),
    f"PUT {_PLAN}/targets/{{metric}}": rec("office", REG_WRITERS),
    f"DELETE {_PLAN}/targets/{{metric}}": rec("office", REG_WRITERS),
    f"GET {_PLAN}": rec("office", ALL),
    f"GET {_PLAN}/dashboard": rec("office", ALL),
    # Designations (issue #19): every staff member reads; the office's staff prepare
    # and apply, the street above reviews, the district accepts, inspects, names and
    # re-checks; the district defines the campaigns. A campaign the matrix never
    # defined answers 404 past the access checks.
    f"GET {REP}/campaigns": anyone(ALL),
    f"GET {REP}/campaigns/{{campaign}}": anyone(ALL, SUB),
    f"PUT {REP}/campaigns/{{campaign}}": anyone(DISTRICT_ADMIN, district=True),
    f"GET {REP}/designations/due": rec("office", ALL),
    **{f"GET {REP}/{p}": rec("office", ALL, SUB) for p in (
        "designations/{office}/{campaign}",
        "designations/{office}/{campaign}/eligibility",
        "scorecards/{office}/{campaign}",
        "scorecards/{office}/{campaign}/export")},
    **{f"POST {_DESIGNATION}/{p}": rec("office", REG_WRITERS, SUB)
       for p in ("stages", "application")},
    f"POST {_DESIGNATION}/review": rec("office", ADMINS, SUB),
    **{f"POST {_DESIGNATION}/{p}": rec("office", DISTRICT_ADMIN, SUB) for p in (
        "acceptance", "refusal", "objections", "inspection", "naming", "evaluations",
        "rechecks", "rectification")},
    f"PUT {_DESIGNATION}/grades/{{year}}": rec("office", DISTRICT_ADMIN, SUB),
    f"GET {REP}/audit/events": anyone(AUDITORS),
    f"GET {REP}/audit/streams/{{stream_id}}": rec("person", AUDITORS),
    f"GET {REP}/audit/verification": anyone(AUDITORS, district=True),
    f"GET {REP}/projections": anyone(OPERATORS),
    f"POST {REP}/projections/{{name}}/rebuild": anyone(DISTRICT_ADMIN, SUB),
    # Rehab: a case is read and changed by its readers in their scope only (a worker
    # of the case's office, the police liaison and 禁毒办 of its jurisdiction); a
    # role that never reads cases gets 403 for every id, a reader outside the scope
    # the unknown case's 404. Opening one names a person living in the subtree.
    # Break-glass is 禁毒办's, for a case outside its usual scope: on its own
    # community's case the answer is "no break-glass needed" (422).
    f"POST {REH}/cases": rec("person", CASE_ROLES),
    f"GET {REH}/cases": within(CASE_ROLES),
    f"GET {_CASE}": rec("case", CASE_ROLES),
    **{f"POST {_CASE}/{p}": rec("case", CASE_ROLES) for p in (
        "report", "agreement", "team", "tests", "warnings", "leave", "absences",
        "evaluations", "hand-over", "close", "police-reports", "notes",
        "work-referrals")},
    # The peer counsellor is a person the registry knows (the table's is not: 404).
    f"POST {_CASE}/peer-counsellor": rec("case", CASE_ROLES, SUB),
    f"GET {_CASE}/reads": rec("case", CASE_ROLES),
    f"POST {_CASE}/break-glass": rec("case", BREAK_GLASS),
    f"GET {REH}/break-glass": within(GLASS_REVIEWERS),
    f"GET {REH}/figures": within(CASE_COUNTS),
    f"GET {REH}/to-dos": anyone(CASE_ROLES),
    # Mediation: a dispute is kept by the mediators of its subtree and read by the
    # ledger's readers there; a committee by its keepers, its list by everyone.
    f"GET {MED}/committees": within(ALL),
    f"POST {_COMMITTEE}/members": rec("office", COMMITTEE_KEEPERS),
    f"POST {_COMMITTEE}/members/{{member_id}}/leave":
        rec("office", COMMITTEE_KEEPERS, SUB),
    f"PUT {_COMMITTEE}/on-call": rec("office", COMMITTEE_KEEPERS, SUB),
    f"POST {MED}/disputes": body(MEDIATORS),
    f"GET {_DISPUTE}": rec("dispute", MED_READERS),
    **{f"POST {_DISPUTE}/{p}": rec("dispute", MEDIATORS) for p in (
        "accept", "decline", "mediators", "recusal", "sessions", "continuation",
        "agreement", "failure", "follow-ups", "judicial-confirmation",
        "judicial-confirmation/answer", "close")},
    **{f"GET {MED}/{p}": within(MED_READERS) for p in (
        "ledger", "ledger/export", "figures")},
    f"GET {MED}/to-dos": anyone(MEDIATORS),
    # Printing a dispute's document is a change of it; checking a file names the
    # dispute only to who sees its parties (the ledger's other readers: the file's).
    f"POST {_DISPUTE}/documents": rec("dispute", MEDIATORS),
    f"GET {MED}/documents/{{sha256}}": anyone(MED_READERS),
    f"POST {MED}/documents/check": anyone(MED_READERS),
    # Moving in: a mediator imports an office's ledger into their own committee.
    f"POST {MED}/imports": anyone(MEDIATORS),
    f"GET {MED}/imports/sample": anyone(MEDIATORS),
    f"GET {MED}/imports/{{job_id}}": anyone(MEDIATORS, SUB),
    f"GET {MED}/imports/{{job_id}}/refused": anyone(MEDIATORS, SUB),
    # The police's system (a partner account) sends decisions and tests, reads none.
    f"POST {REH}/police/decisions": anyone(POLICE_SYSTEM),
    f"POST {REH}/police/test-results": anyone(POLICE_SYSTEM),
    # An office's social work (groups, family lectures, problem students) is as
    # restricted as its cases: its readers in their scope, 404 for an office outside.
    **{f"{m} {REH}/social-work/{{office}}{p}": rec("office", CASE_ROLES)
       for m, p in (("GET", ""), ("GET", "/reads"), ("POST", "/groups"),
                    ("POST", "/lectures"), ("POST", "/students"))},
    # Printing a case's document is a change and a read of it; checking a file says
    # only what the file says to a case reader who may not read the case.
    f"POST {_CASE}/documents": rec("case", CASE_ROLES),
    f"GET {REH}/documents/{{sha256}}": anyone(CASE_ROLES),
    f"POST {REH}/documents/check": anyone(CASE_ROLES),
    # A case ledger's import, as the registry's: the writers, for their subtree.
    f"POST {REH}/imports": anyone(CASE_ROLES),
    f"GET {REH}/imports/sample": anyone(CASE_ROLES),
    f"GET {REH}/imports/{{job_id}}": anyone(CASE_ROLES, SUB),
    f"GET {REH}/imports/{{job_id}}/refused": anyone(CASE_ROLES, SUB),
    # Events: activities, projects, teams and corners belong to an office; a
    # volunteer's record is the person's (a person outside the subtree: unknown).
    f"POST {EV}/activities": body(EV_WRITERS),
    f"GET {EV}/activities": within(ALL),
    f"GET {_ACTIVITY}": rec("activity", ALL),
    **{f"POST {_ACTIVITY}/{p}": rec("activity", EV_WRITERS) for p in (
        "attendance", "family-visits", "files", "evaluations", "costs", "cancel")},
    f"GET {EV}/ledgers/export": within(ALL),
    f"POST {EV}/projects": body(EV_WRITERS),
    f"GET {EV}/projects": within(ALL),
    f"GET {EV}/projects/{{project_id}}": rec("project", ALL),
    f"POST {EV}/projects/{{project_id}}/evaluation": rec("project", EV_WRITERS),
    f"POST {_VOLUNTEER}": rec("person", EV_WRITERS),
    f"GET {_VOLUNTEER}": rec("person", ALL),
    **{f"POST {_VOLUNTEER}/{p}": rec("person", EV_WRITERS)
       for p in ("hours", "redemptions")},
    f"GET {EV}/volunteers": within(ALL),
    f"POST {EV}/teams": body(EV_WRITERS),
    f"GET {EV}/teams": within(ALL),
    f"GET {EV}/teams/{{team_id}}": rec("team", ALL),
    **{f"POST {EV}/teams/{{team_id}}/{p}": rec("team", EV_WRITERS)
       for p in ("members", "leavers")},
    f"POST {EV}/corners": body(EV_WRITERS),
    f"GET {EV}/corners": within(ALL),
    f"POST {EV}/corners/{{corner_id}}/refresh": rec("corner", EV_WRITERS),
    f"GET {EV}/corners/{{corner_id}}": rec("corner", ALL),
    **{f"GET {EV}/{p}": within(ALL) for p in ("figures", "to-dos")},
    f"GET {EV}/calendar": anyone(ALL),
}
# fmt: on
# Bugs this matrix found in a service, marked until the service is fixed (strict:
# the mark fails once the operation answers as the table says).
KNOWN_BUGS: dict[str, str] = {}

# Who calls: each role at the office it works from. Community staff sit in community
# A; the street admin and the auditor in street A (so their subtree has an edge); the
# district admin sees everything.
ACTORS: dict[Role, str] = {
    **dict.fromkeys(Role, COMMUNITY_A),
    R.STREET_ADMIN: STREET,
    R.AUDITOR: STREET,
    R.DISTRICT_ADMIN: DISTRICT,
}
# Where the record is, from community A's point of view.
PLACES = {
    "own community": COMMUNITY_A,
    "same street": COMMUNITY_A2,
    "other street": COMMUNITY_B,
}
NAMES = {COMMUNITY_A: "矩阵甲", COMMUNITY_A2: "矩阵乙", COMMUNITY_B: "矩阵丙"}
PASSED = frozenset({200, 201, 202, 204, 409, 412, 422})
STALE = '"999"'  # every write names a version no record has: nothing is changed


def _document(service: str) -> dict[str, Any]:
    settings = ServiceSettings(
        database_url="postgresql://unused@127.0.0.1:1/unused",
        nats_url="nats://127.0.0.1:1",
        token_public_key=PUBLIC_KEY,
    )
    document: dict[str, Any] = BUILDERS[service](settings).openapi()
    return document


DOCUMENTS = {service: _document(service) for service in SERVICES}
OPERATIONS = {
    f"{method.upper()} {path}": (service, operation)
    for service, document in DOCUMENTS.items()
    for path, operations in document["paths"].items()
    for method, operation in operations.items()
}


def test_the_table_names_every_operation() -> None:
    assert (
        sorted(set(OPERATIONS) - set(ROUTES)),
        sorted(set(ROUTES) - set(OPERATIONS)),
    ) == ([], [])


@dataclass(frozen=True)
class Record:
    """One record per community: its id per kind, and the data no refusal may show."""

    office: str
    ids: dict[str, str]
    secrets: tuple[str, ...]


@pytest.fixture(scope="module")
def records(stack: Stack) -> dict[str, Record]:
    """A person, household, rental, staff member, vacancy, rehab case and dispute in
    each community; the case's decision number is as secret as the name."""
    return stack.run(_records(stack))


async def _records(stack: Stack) -> dict[str, Record]:
    admin = headers(R.DISTRICT_ADMIN, DISTRICT)
    made: dict[str, Record] = {}
    async with (
        httpx.AsyncClient(base_url=stack.urls["registry"], headers=admin) as registry,
        httpx.AsyncClient(
            base_url=stack.urls["employment"], headers=admin
        ) as employment,
    ):
        for serial, office in enumerate(PLACES.values()):
            name, number = NAMES[office], _resident_id(serial)
            person = await _created(
                registry,
                "/persons",
                {
                    "name": name,
                    "office": office,
                    "address": "矩阵路1号",
                    "document_kind": "resident_id",
                    "document_number": number,
                },
            )
            ids = {
                "person": person["person_id"],
                "office": office,
                "household": (
                    await _created(
                        registry,
                        "/households",
                        {
                            "head_person_id": person["person_id"],
                            "office": office,
                            "address": "矩阵路1号",
                        },
                    )
                )["household_id"],
                "rental": (
                    await _created(
                        registry,
                        "/rentals",
                        {
                            "landlord_person_id": person["person_id"],
                            "office": office,
                            "address": "矩阵路2号",
                        },
                    )
                )["rental_id"],
                "staff": (
                    await _created(
                        registry,
                        "/staff",
                        {
                            "login": f"matrix-{office}",
                            "password": "correct horse battery",
                            "name": name,
                            "office": office,
                            "roles": ["community_worker"],
                        },
                    )
                )["staff_id"],
            }
            await stack.settled()
            vacancy = await employment.post(
                "/api/v1/employment/vacancies",
                json={
                    "office": office,
                    "employer": f"{name}物业",
                    "position": "保洁员",
                    "openings": 1,
                    "requirements": [],
                    "wage_min": 2000,
                    "wage_max": 3000,
                    "valid_until": "2027-12-31",
                },
            )
            assert vacancy.status_code == 201, vacancy.text
            ids["vacancy"] = vacancy.json()["vacancy_id"]
            decision = f"矩阵决字〔2026〕{serial + 1}号"
            ids["case"] = await _case(stack, office, person["person_id"], decision)
            ids["dispute"] = await _dispute(stack, office, person["person_id"])
            ids |= await _events_records(stack, office, person["person_id"])
            made[office] = Record(office, ids, (name, number, decision))
    await stack.settled()
    return made


async def _case(stack: Stack, office: str, person_id: str, decision: str) -> str:
    """A rehab case opened for ``person_id`` by a rehab worker of ``office``."""
    worker = headers(R.REHAB_WORKER, office, f"matrix-opener-{office}")
    async with httpx.AsyncClient(base_url=stack.urls["rehab"]) as rehab:
        opened = await rehab.post(
            "/api/v1/rehab/cases",
            headers=worker,
            json={
                "person_id": person_id,
                "kind": "community_detox",
                "ground": "first_time",
                "decision_number": decision,
                "police_organ": "东莞市公安局矩阵分局",
                "decided_on": "2026-11-10",
                "term_months": 36,
            },
        )
    assert opened.status_code == 201, opened.text
    case_id: str = opened.json()["case_id"]
    return case_id


async def _dispute(stack: Stack, office: str, person_id: str) -> str:
    """A dispute between ``person_id`` and a neighbour, on ``office``'s ledger."""
    mediator = headers(R.MEDIATOR, office, f"matrix-mediator-{office}")
    async with httpx.AsyncClient(base_url=stack.urls["mediation"]) as mediation:
        registered = await mediation.post(
            "/api/v1/mediation/disputes",
            headers=mediator,
            json={
                "office": office,
                "source": "walk_in",
                "kind": "neighbours",
                "parties": [{"person_id": person_id}, {"name": "邻居"}],
                "matter": "矩阵纠纷",
                "registered_on": "2026-11-10",
            },
        )
    assert registered.status_code == 201, registered.text
    dispute_id: str = registered.json()["dispute_id"]
    return dispute_id


async def _events_records(stack: Stack, office: str, person_id: str) -> dict[str, str]:
    """An activity, project, team and corner of ``office``; the person volunteers."""
    organiser = headers(R.ACTIVITY_ORGANISER, office, f"matrix-organiser-{office}")
    made: dict[str, str] = {}
    plain: dict[str, list[str]] = {"staff": [], "resources": [], "risks": []}
    bodies = {
        "activity": ("activities", {"office": office, "kind": "meeting", "title": "会",
                     "held_on": "2026-10-01", "place": "室", "lead": "主任", **plain}),
        "project": ("projects", {"office": office, "title": "夕阳依旧美",
                    "objectives": ["互助"], "starts_on": "2026-01-01",
                    "ends_on": "2026-12-31"}),
        "team": ("teams", {"office": office, "name": "太极拳队", "kind": "tai_chi",
                 "formed_on": "2026-01-01"}),
        "corner": ("corners", {"office": office, "place": "门口",
                   "since": "2026-01-01"}),
    }  # fmt: skip
    async with httpx.AsyncClient(base_url=stack.urls["events"]) as events:
        for kind, (path, json) in bodies.items():
            answer = await events.post(f"{EV}/{path}", headers=organiser, json=json)
            assert answer.status_code == 201, answer.text
            reply = answer.json()
            made[kind] = reply.get(f"{kind}_id") or reply["id"]
        volunteer = await events.post(
            f"{EV}/volunteers/{person_id}", headers=organiser, json={}
        )
        assert volunteer.status_code == 201, volunteer.text
    return made


async def _created(
    http: httpx.AsyncClient, path: str, json: dict[str, Any]
) -> dict[str, Any]:
    answer = await http.post(f"/api/v1/registry{path}", json=json)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def _resident_id(serial: int) -> str:
    first17 = f"44190019850307{serial + 100:03d}"
    return first17 + check_digit(first17)


def _unknown(kind: str, known: str) -> str:
    """An id of the same shape as ``known`` that names nothing."""
    if kind == "office":
        return known[:9] + "999"
    return known[:-6] + "000000"


# Requests: each operation's parameters and body filled from its own schema.


def _example(
    schema: dict[str, Any], document: dict[str, Any], name: str, fill: dict[str, Any]
) -> Any:
    """A value of ``schema``: ``fill``'s for ``name``, else the plainest valid one.

    Required properties only, the first of an enum or a union, an empty list, the
    minimum of a number: what every operation accepts, so it reaches the checks.
    """
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema and name not in fill:
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
        return _example(schema, document, name, fill)
    required = schema.get("required", [])
    plain: dict[str, Callable[[], Any]] = {
        "object": lambda: {
            key: _example(value, document, key, fill)
            for key, value in schema.get("properties", {}).items()
            if key in required
        },
        "array": list,
        "integer": lambda: max(1, int(schema.get("minimum", 1))),
        "boolean": lambda: False,
        "string": lambda: "2026-10-01" if schema.get("format") == "date" else "矩阵",
    }
    if name in fill:
        return fill[name]
    if "enum" in schema:
        return schema["enum"][0]
    return plain.get(schema.get("type", "string"), plain["integer"])()


class Caller:
    """Sends an operation as an actor, aimed at a record (or an office, a subtree)."""

    def __init__(self, stack: Stack) -> None:
        self.clients = {
            s: httpx.Client(base_url=stack.urls[s], timeout=30) for s in SERVICES
        }

    def close(self) -> None:
        for client in self.clients.values():
            client.close()

    def send(self, route: str, actor: Role, target: dict[str, str]) -> httpx.Response:
        method, path = route.split(" ", 1)
        service, operation = OPERATIONS[route]
        document = DOCUMENTS[service]
        person, office = target["person"], target["office"]
        fill: dict[str, Any] = {
            "office": office,
            "to_office": office,
            "code": target["office"],
            "person_id": person,
            "head_person_id": person,
            "landlord_person_id": person,
            "duplicate_person_id": person,
            "new_head_person_id": person,
            "household_id": target["household"],
            "rental_id": target["rental"],
            "staff_id": target["staff"],
            "vacancy_id": target["vacancy"],
            "case_id": target["case"],
            "dispute_id": target["dispute"],
            "activity_id": target["activity"],
            "project_id": target["project"],
            "team_id": target["team"],
            "corner_id": target["corner"],
            "stream_id": person,
            "year": 2026,
            "campaign": "green_community",
            "within": office,
            "roles": ["community_worker"],
            "password": "wrong password",
            "login": f"matrix-{actor}-{office}",
            "stream_seq": 1,
            "sha256": "0" * 64,
        }
        url, params = path, {}
        for parameter in operation.get("parameters", []):
            value = _example(parameter["schema"], document, parameter["name"], fill)
            if parameter["in"] == "path":
                url = url.replace(f"{{{parameter['name']}}}", str(value))
            elif parameter["in"] == "query" and (
                parameter.get("required") or parameter["name"] == "within"
            ):
                params[parameter["name"]] = value
        sent = {"If-Match": STALE} if method != "GET" else {}
        content = (
            operation.get("requestBody", {}).get("content", {}).get("application/json")
        )
        payload = _example(content["schema"], document, "", fill) if content else None
        return self.clients[service].request(
            method,
            url,
            params=params,
            json=payload,
            headers={**sent, **headers(actor, ACTORS[actor], f"matrix-{actor}")},
        )


@pytest.fixture(scope="module")
def caller(stack: Stack) -> Iterator[Caller]:
    calling = Caller(stack)
    yield calling
    calling.close()


def _expected(rule: Rule, actor: Role, office: str) -> str:
    """What the table says ``actor`` gets on a record (body, subtree) of ``office``."""
    where = OfficeCode(ACTORS[actor])
    may = actor in rule.may and not (rule.district and where.level.value != "district")
    if rule.scope != "none" and not where.covers(office):
        return "as unknown" if rule.scope == "record" else "403"
    return "passes" if may else str(rule.refused)


def _verdict(rule: Rule, answer: httpx.Response) -> str:
    if answer.status_code in PASSED | rule.also:
        return "passes"
    return str(answer.status_code)


@pytest.mark.parametrize("route", sorted(ROUTES), ids=str)
def test_each_role_gets_what_the_table_says(
    route: str, caller: Caller, records: dict[str, Record]
) -> None:
    rule = ROUTES[route]
    wrong: list[str] = []
    for actor in Role:
        places = PLACES.items() if rule.scope != "none" else [("-", COMMUNITY_A)]
        for place, office in places:
            target = records[office].ids
            answer = caller.send(route, actor, target)
            expected, got = _expected(rule, actor, office), _verdict(rule, answer)
            if expected == "as unknown":
                got = _as_unknown(caller, route, actor, target, answer, rule)
            if got != expected:
                said = f"{answer.status_code} {answer.text[:160]}"
                wrong.append(f"{actor} on {place}: expected {expected}, {got}: {said}")
            if answer.status_code in (401, 403, 404):
                shown = [s for s in records[office].secrets if s in answer.text]
                if shown:
                    wrong.append(f"{actor} on {place}: refusal shows {shown}")
    assert not wrong, "\n".join(wrong)


def _as_unknown(
    caller: Caller,
    route: str,
    actor: Role,
    target: dict[str, str],
    answer: httpx.Response,
    rule: Rule,
) -> str:
    """``as unknown`` when ``answer`` is the unknown id's answer, word for word."""
    real = target[rule.record]
    fake = _unknown(rule.record, real)
    unknown = caller.send(route, actor, {**target, rule.record: fake})
    if answer.status_code not in (403, 404):
        return str(answer.status_code)
    same = re.sub(re.escape(real), "{id}", answer.text) == re.sub(
        re.escape(fake), "{id}", unknown.text
    )
    if answer.status_code == unknown.status_code and same:
        return "as unknown"
    return f"{answer.text[:160]} where an unknown id gets {unknown.text[:160]}"


@pytest.mark.parametrize("actor", sorted(AUDITORS), ids=str)
def test_rehab_figures_count_cases_and_name_no_one(
    actor: Role, caller: Caller, records: dict[str, Record]
) -> None:
    """An administrator or the auditor sees each office's open cases counted, and
    nothing of a case: no name, ID number, decision number, case or person id."""
    answer = caller.clients["rehab"].get(
        f"{REH}/figures", headers=headers(actor, ACTORS[actor], f"matrix-{actor}")
    )
    assert answer.status_code == 200, answer.text
    counted = {row["office"]: row["open"] for row in answer.json()["offices"]}
    seen = {o for o in PLACES.values() if OfficeCode(ACTORS[actor]).covers(o)}
    assert set(counted) == seen
    assert all(counted[office] >= 1 for office in seen)
    for record in records.values():
        for secret in (*record.secrets, record.ids["case"], record.ids["person"]):
            assert secret not in answer.text


# Above the community, as the domain decides: the police liaison and 禁毒办 of a street
# read the cases of its communities; a rehab worker reads its own office's only; a
# district-level officer's usual scope holds no case (it opens one by break-glass).
LEVELS: dict[tuple[Role, str], frozenset[str]] = {
    (R.POLICE_LIAISON, STREET): frozenset({COMMUNITY_A, COMMUNITY_A2}),
    (R.ANTI_DRUG_OFFICE, STREET): frozenset({COMMUNITY_A, COMMUNITY_A2}),
    (R.REHAB_WORKER, STREET): frozenset(),
    (R.POLICE_LIAISON, DISTRICT): frozenset(),
    (R.ANTI_DRUG_OFFICE, DISTRICT): frozenset(),
}


@pytest.mark.parametrize("level", sorted(LEVELS), ids=lambda k: f"{k[0]}@{k[1]}")
def test_a_case_reader_above_the_community_reads_what_its_jurisdiction_holds(
    level: tuple[Role, str], caller: Caller, records: dict[str, Record]
) -> None:
    role, office = level
    sent = headers(role, office, f"matrix-{role}-{office}")
    rehab = caller.clients["rehab"]
    for record in records.values():
        case_id = record.ids["case"]
        answer = rehab.get(f"{REH}/cases/{case_id}", headers=sent)
        if record.office in LEVELS[level]:
            assert answer.status_code == 200, answer.text
            continue
        unknown = rehab.get(f"{REH}/cases/{_unknown('case', case_id)}", headers=sent)
        assert (answer.status_code, unknown.status_code) == (404, 404), answer.text
        assert not [s for s in record.secrets if s in answer.text]


def test_the_districts_anti_drug_office_opens_any_case_by_break_glass(
    caller: Caller, records: dict[str, Record]
) -> None:
    sent = headers(R.ANTI_DRUG_OFFICE, DISTRICT, "matrix-district-glass")
    rehab = caller.clients["rehab"]
    for record in records.values():
        case_id = record.ids["case"]
        opened = rehab.post(
            f"{REH}/cases/{case_id}/break-glass",
            json={"reason": "矩阵：核查"},
            headers=sent,
        )
        assert opened.status_code == 200, opened.text
        assert rehab.get(f"{REH}/cases/{case_id}", headers=sent).status_code == 200
