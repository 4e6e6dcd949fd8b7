"""A district as the seeds describe it, as the events its services would have stored.

1,000,000 residents in 20 streets of 10 communities each (5,000 residents a
community: DOMAIN.md's "several hundred to a few thousand", a town street's 10–20
communities), and ``years`` of their history. The proportions, per community:

- registry: every resident registered with an ID number, in households of four (seed
  000 篇八: "4 to 5 people"), the head and three members added;
- employment: 2,475 people able to work of 5,000 (seed 000 篇二's 2,475, in a community
  of this size), each with a labour profile; every year a quarter of them lose work
  (632 registered unemployed of 2,475): unemployed, registered (失业登记), a follow-up
  planned and done by a home visit and a call (走访, 电话排查), employed again, the
  registration ended; the other three quarters change job once a year. Of the last
  year's, the registration stays open and 1 in 9 is still out of work (73 of 632):
  about 69 unemployed a community, an employment rate of 97.2% (seed: 97.05%). The
  decider records only a change (same status and employer: no event), so a stream
  holds changes;
- rehab: 5 new community-detox cases a year (about 10 open at a time, one client per
  500 residents: under 20, so one part-time worker, seed 000 篇三), each reported,
  signed, its team assigned, 24 monthly urine tests, 4 half-yearly evaluations, closed
  when its two-year term ends;
- mediation: 32 disputes a year (about 6.4 per 1,000 residents), each registered,
  accepted, its mediators assigned from the committee, one session, an oral
  agreement, closed fulfilled; the committee of three;
- events: 50 activities a year (≥ 6 performances, ≥ 10 competitions, 4 anti-drug
  meetings, 24 hygiene self-checks, the rest publicity and lectures; seed 002 (2), 000
  篇五–篇六), each planned, its attendance and a cost recorded.

What this leaves out (moves, deaths, births, vacancies and referrals, staff) is said
in deploy/CAPACITY.md. Everything is generated a community at a time, so memory holds
one community whatever the scale; ids are drawn from a seeded generator, so two runs
make the same district.
"""

from __future__ import annotations

import functools
import math
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from shequ.access import mask_id
from shequ.contracts import Event
from shequ.contracts.employment import (
    ContactRecorded,
    FollowUpScheduled,
    LabourStatusRecorded,
    UnemploymentRegistered,
    UnemploymentRegistrationEnded,
)
from shequ.contracts.events import (
    ActivityCostRecorded,
    ActivityPlanned,
    AttendanceRecorded,
)
from shequ.contracts.events._types import ActivityKind
from shequ.contracts.mediation import (
    CommitteeMemberAppointed,
    DisputeAccepted,
    DisputeClosed,
    DisputeRegistered,
    MediationAgreementReached,
    MediationSessionRecorded,
    MediatorsAssigned,
    Party,
)
from shequ.contracts.registry import (
    HouseholdMemberAdded,
    HouseholdRegistered,
    OfficeOpened,
    PersonRegistered,
)
from shequ.contracts.rehab import (
    RehabAgreementSigned,
    RehabCaseClosed,
    RehabDecisionReceived,
    RehabEvaluationRecorded,
    RehabReported,
    RehabTeamAssigned,
    UrineTestRecorded,
)
from shequ.eventstore import NewStream

DISTRICT = "441900000000"
DISTRICT_COMMUNITIES = 200
COMMUNITIES_PER_STREET = 10
RESIDENTS = 5_000  # per community
ABLE = 2_475  # able to work, per community (seed 000 篇二)
HOUSEHOLD = 4
REHAB_CASES_A_YEAR = 5
DISPUTES_A_YEAR = 32
ACTIVITIES = (
    *(["performance"] * 6),
    *(["competition"] * 10),
    *(["anti_drug_meeting"] * 4),
    *(["hygiene_check"] * 24),
    *(["publicity"] * 3),
    *(["lecture"] * 3),
)
YEARS = 14  # with these proportions: ≥ 20 M events for the district
SCALES = {"district": Fraction(1), "street": Fraction(1, 20)}

SERVICES = ("registry", "employment", "rehab", "mediation", "events")


@dataclass(frozen=True)
class Scale:
    """How much of the district: ``communities`` of its 200, ``years`` of history."""

    communities: int
    years: int = YEARS

    @staticmethod
    def parse(text: str, years: int = YEARS) -> Scale:
        """``district``, ``street`` (one street: 1/20) or a fraction (``1/50``)."""
        share = SCALES[text] if text in SCALES else Fraction(text)
        communities = round(DISTRICT_COMMUNITIES * share)
        if not 1 <= communities <= DISTRICT_COMMUNITIES:
            raise ValueError(f"scale {text}: between 1/200 and 1 of the district")
        return Scale(communities, years)

    @property
    def residents(self) -> int:
        return self.communities * RESIDENTS

    @property
    def streets(self) -> int:
        return math.ceil(self.communities / COMMUNITIES_PER_STREET)

    @property
    def share(self) -> float:
        return self.communities / DISTRICT_COMMUNITIES

    def community_codes(self) -> list[str]:
        return [
            community_code(n // COMMUNITIES_PER_STREET, n % COMMUNITIES_PER_STREET)
            for n in range(self.communities)
        ]

    def events_expected(self) -> int:
        """Events the generator writes at this scale (for progress and ETA)."""
        return self.communities * events_per_community(self.years)


def street_code(street: int) -> str:
    return f"441900{101 + street:03d}000"


def community_code(street: int, community: int) -> str:
    return f"441900{101 + street:03d}{1 + community:03d}"


@functools.cache
def events_per_community(years: int) -> int:
    """What :func:`community` yields for one community (the same for each)."""
    return community(0, community_code(0, 0), years, 2000).events


def offices(scale: Scale) -> list[NewStream]:
    """The district, its streets and communities, as the registry opened them."""
    opened = [_office(DISTRICT, "示范区", "district", None)]
    for street in range(scale.streets):
        opened.append(_office(street_code(street), f"第{street + 1}街道", "street"))
    for n, code in enumerate(scale.community_codes()):
        parent = street_code(n // COMMUNITIES_PER_STREET)
        name = f"第{n // 10 + 1}街道第{n % 10 + 1}社区"
        opened.append(_office(code, name, "community", parent))
    return opened


def _office(
    code: str, name: str, kind: str, parent: str | None = DISTRICT
) -> NewStream:
    event = OfficeOpened(code=code, name=name, kind=kind, parent_code=parent)
    return NewStream("office", code, [event])


@dataclass
class Community:
    """One community's generated streams, service by service."""

    code: str
    streams: dict[str, list[NewStream]]

    @property
    def events(self) -> int:
        return sum(len(s.events) for ss in self.streams.values() for s in ss)


def communities(scale: Scale, first_year: int) -> Iterator[Community]:
    """Each community of ``scale`` in turn (history from ``first_year`` on)."""
    for n, code in enumerate(scale.community_codes()):
        yield community(n, code, scale.years, first_year)


def community(n: int, code: str, years: int, first_year: int) -> Community:
    rng = random.Random(n)
    people = [_person(rng, code, i) for i in range(RESIDENTS)]
    ids = [p.person_id for p in people]
    able = [p for i, p in enumerate(people) if i < ABLE]
    world = _World(rng, code, years, first_year)
    return Community(
        code,
        {
            "registry": [
                *(NewStream("person", p.person_id, [p]) for p in people),
                *world.households(ids),
            ],
            "employment": [s for i, p in enumerate(able) for s in world.work(i, p)],
            "rehab": world.cases(ids),
            "mediation": world.disputes(ids),
            "events": world.activities(),
        },
    )


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _id_number(region: str, born: date, sequence: int, sex: str) -> str:
    """A resident ID number (GB 11643): sequence odd for men, check by MOD 11-2."""
    order = sequence * 2 + (1 if sex == "male" else 0)
    body = f"{region}{born:%Y%m%d}{order % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def _person(rng: random.Random, office: str, i: int) -> PersonRegistered:
    # The first ABLE are of working age; the rest children, students and the old.
    if i < ABLE:
        born = date(1966, 1, 1) + timedelta(days=rng.randrange(14_600))
    elif i % 2:
        born = date(2006, 1, 1) + timedelta(days=rng.randrange(7_000))
    else:
        born = date(1930, 1, 1) + timedelta(days=rng.randrange(13_000))
    sex = "male" if i % 2 else "female"
    number = _id_number(office[:6], born, i, sex)
    return PersonRegistered(
        person_id=f"person-{_uuid(rng)}",
        office=office,
        name=f"居民{office[-5:]}{i:04d}",
        document_kind="resident_id",
        document_number=number,
        document_masked=mask_id(number),
        birth_date=born,
        sex=sex,
        phone=f"138{rng.randrange(10**8):08d}",
        address=f"示范路{i // HOUSEHOLD + 1}号",
        residence="registered",
        tags=["retiree"] if born.year < 1966 else [],
    )


def _loses_work(person: int, year: int) -> bool:
    """A quarter of the able lose work each year (632 of 2,475, seed 000 篇二)."""
    return (person + year) % 4 == 0


class _World:
    def __init__(
        self, rng: random.Random, office: str, years: int, first_year: int
    ) -> None:
        self.rng, self.office, self.years, self.first = rng, office, years, first_year

    def day(self, year: int, day_of_year: int) -> date:
        return date(self.first + year, 1, 1) + timedelta(days=day_of_year % 365)

    def households(self, ids: list[str]) -> Iterator[NewStream]:
        for h in range(0, len(ids) - HOUSEHOLD + 1, HOUSEHOLD):
            household = f"household-{_uuid(self.rng)}"
            events: list[Event] = [
                HouseholdRegistered(
                    household_id=household,
                    head_person_id=ids[h],
                    address=f"示范路{h // HOUSEHOLD + 1}号",
                    office=self.office,
                )
            ]
            events += [
                HouseholdMemberAdded(
                    office=self.office, person_id=member, relationship=relationship
                )
                for member, relationship in zip(
                    ids[h + 1 : h + HOUSEHOLD],
                    ("spouse", "child", "parent"),
                    strict=True,
                )
            ]
            yield NewStream("household", household, events)

    def work(self, i: int, person: PersonRegistered) -> list[NewStream]:
        """A labour profile of changes; the unemployment and assistance it led to."""
        p, office = person.person_id, self.office
        labour: list[Event] = [self._status(p, "employed", f"企业{i % 97}", 0, 0)]
        unemployment: list[Event] = []
        assistance: list[Event] = []
        for y in range(self.years):
            if not _loses_work(i, y):
                labour.append(
                    self._status(p, "employed", f"企业{(i + y) % 89}号", y, 40)
                )
                continue
            labour.append(self._status(p, "unemployed", None, y, 60))
            registration = f"reg-{_uuid(self.rng)}"
            follow_up = f"fu-{_uuid(self.rng)}"
            unemployment.append(
                UnemploymentRegistered(
                    person_id=p,
                    office=office,
                    registration_id=registration,
                    registered_on=self.day(y, 70),
                )
            )
            assistance += [
                FollowUpScheduled(
                    person_id=p,
                    office=office,
                    follow_up_id=follow_up,
                    kind="home_visit",
                    due_on=self.day(y, 100),
                    assigned_to="staff-worker",
                    purpose="了解求职意向",
                ),
                ContactRecorded(
                    person_id=p,
                    office=office,
                    follow_up_id=follow_up,
                    kind="home_visit",
                    contacted_on=self.day(y, 95),
                    contacted_by="staff-worker",
                    findings="有求职意向，推荐岗位",
                ),
                ContactRecorded(
                    person_id=p,
                    office=office,
                    follow_up_id=None,
                    kind="phone_call",
                    contacted_on=self.day(y, 150),
                    contacted_by="staff-worker",
                    findings="已面试",
                ),
            ]
            if y == self.years - 1:  # this year's: still registered
                if i % 9:  # in work again; 1 in 9 not (73 of 632, seed 000 篇二)
                    labour.append(self._status(p, "flexible", None, y, 200))
                continue
            labour.append(
                self._status(p, "employed", f"新企业{(i + y) % 83}号", y, 200)
            )
            unemployment.append(
                UnemploymentRegistrationEnded(
                    person_id=p,
                    office=office,
                    registration_id=registration,
                    ended_on=self.day(y, 201),
                    reason="已就业",
                )
            )
        streams = [NewStream("labour_profile", f"labour/{p}", labour)]
        if unemployment:
            streams += [
                NewStream("unemployment", f"unemployment/{p}", unemployment),
                NewStream("assistance", f"assistance/{p}", assistance),
            ]
        return streams

    def _status(
        self, person: str, status: str, employer: str | None, year: int, day: int
    ) -> LabourStatusRecorded:
        return LabourStatusRecorded(
            person_id=person,
            office=self.office,
            status=status,
            employer=employer,
            since=self.day(year, day),
            reason="走访排查",
            source="home_visit",
        )

    def cases(self, ids: list[str]) -> list[NewStream]:
        streams = []
        for y in range(self.years):
            for c in range(REHAB_CASES_A_YEAR):
                person = ids[self.rng.randrange(ABLE)]
                streams.append(self._case(person, y, c))
        return streams

    def _case(self, person: str, year: int, n: int) -> NewStream:
        office, case = self.office, f"case-{_uuid(self.rng)}"
        decided = self.day(year, 30 + n * 60)
        reported = decided + timedelta(days=7)
        span = min(24, (self.years - year) * 12 - 1)

        def month(m: int) -> date:
            return reported + timedelta(days=30 * m + 10)

        events: list[Event] = [
            RehabDecisionReceived(
                case_id=case,
                person_id=person,
                office=office,
                kind="community_detox",
                ground="first_time",
                decision_number=f"东公(禁)决字〔{decided.year}〕{n + 1}号",
                police_organ="示范区公安分局",
                decided_on=decided,
                term_months=24,
                report_by=decided + timedelta(days=15),
                received_from="police",
            ),
            RehabReported(
                person_id=person,
                office=office,
                reported_on=reported,
                term_ends_on=reported + timedelta(days=730),
                late=False,
            ),
            RehabAgreementSigned(
                person_id=person,
                office=office,
                agreement_number=f"协议{case[5:13]}",
                signed_on=reported,
            ),
            RehabTeamAssigned(
                person_id=person,
                office=office,
                responsible_worker="staff-rehab",
                police_officer=None,
                helpers=[],
            ),
        ]
        for m in range(span):
            events.append(
                UrineTestRecorded(
                    person_id=person,
                    office=office,
                    tested_on=month(m),
                    result="negative",
                )
            )
            if m % 6 == 5:
                events.append(
                    RehabEvaluationRecorded(
                        person_id=person,
                        office=office,
                        kind="half_yearly",
                        evaluated_on=month(m),
                        summary="情况稳定",
                    )
                )
        if span == 24:
            events.append(
                RehabCaseClosed(
                    person_id=person,
                    office=office,
                    outcome="term_completed",
                    closed_on=reported + timedelta(days=731),
                )
            )
        return NewStream("rehab_case", f"rehab_case/{case}", events)

    def disputes(self, ids: list[str]) -> list[NewStream]:
        office = self.office
        members = [f"{office}-m{k}" for k in range(3)]
        committee = NewStream(
            "committee",
            f"committee/{office}",
            [
                CommitteeMemberAppointed(
                    office=office,
                    member_id=member,
                    role="mediator",
                    name=f"调解员{k + 1}",
                    phone="0769-22000000",
                )
                for k, member in enumerate(members)
            ],
        )
        streams = [committee]
        kinds = ("neighbours", "family", "property", "labour", "demolition")
        for y in range(self.years):
            for d in range(DISPUTES_A_YEAR):
                registered = self.day(y, d * 11)
                party = ids[self.rng.randrange(RESIDENTS)]
                dispute = f"dispute-{_uuid(self.rng)}"
                streams.append(
                    NewStream(
                        "dispute",
                        f"dispute/{dispute}",
                        [
                            DisputeRegistered(
                                dispute_id=dispute,
                                office=office,
                                source="walk_in",
                                kind=kinds[d % len(kinds)],
                                parties=[
                                    Party(name="当事人甲", person_id=party),
                                    Party(name="当事人乙"),
                                ],
                                matter="邻里琐事",
                                amount=None,
                                registered_on=registered,
                                conclude_by=registered + timedelta(days=30),
                            ),
                            DisputeAccepted(office=office, accepted_on=registered),
                            MediatorsAssigned(
                                office=office,
                                mediators=[members[d % 3]],
                                assigned_on=registered,
                            ),
                            MediationSessionRecorded(
                                office=office,
                                held_on=registered + timedelta(days=3),
                                place="调解室",
                                attendees=[],
                                summary="双方陈述，达成一致",
                            ),
                            MediationAgreementReached(
                                office=office,
                                form="oral",
                                agreed_on=registered + timedelta(days=3),
                                facts="",
                                terms="互相谅解",
                                obligations=[],
                                due_dates=[],
                                amount=0,
                                late=False,
                            ),
                            DisputeClosed(
                                office=office,
                                closed_on=registered + timedelta(days=20),
                                outcome="fulfilled",
                            ),
                        ],
                    )
                )
        return streams

    def activities(self) -> list[NewStream]:
        streams = []
        for y in range(self.years):
            for a, kind in enumerate(ACTIVITIES):
                activity = f"{self.office}-{y}-{a}"
                held = self.day(y, a * 7 + 3)
                streams.append(
                    NewStream(
                        "activity",
                        f"activity/{activity}",
                        [
                            ActivityPlanned(
                                activity_id=activity,
                                office=self.office,
                                kind=_kind(kind),
                                title=f"{held.year}年第{a + 1}次活动",
                                held_on=held,
                                place="社区活动中心",
                                lead="社区主任",
                                staff=[],
                                resources=[],
                                planned_participants=60,
                                risks=[],
                            ),
                            AttendanceRecorded(
                                activity_id=activity,
                                office=self.office,
                                person_ids=[],
                                head_count=55,
                                attendance=55,
                            ),
                            ActivityCostRecorded(
                                activity_id=activity,
                                office=self.office,
                                item="物资",
                                amount_fen=50_000,
                            ),
                        ],
                    )
                )
        return streams


def _kind(kind: str) -> ActivityKind:
    return kind  # type: ignore[return-value]
