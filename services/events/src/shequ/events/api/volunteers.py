"""Volunteers (志愿者) and their moral-bank points (道德银行) over HTTP.

A volunteer is a registered person living in the writer's subtree; their record is
``volunteer/<person id>``, so the paths name the person. Hours name an activity;
points are redeemed never beyond the balance.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from shequ.access import Acting
from shequ.contracts.events import MoralPointsRedeemed, VolunteerHoursRecorded
from shequ.events.api._access import PageNo, Size, Subtree, record
from shequ.events.api._answers import NOT_FOUND, Recorded, recorded
from shequ.events.domain import volunteer
from shequ.events.domain.access import ACCESS
from shequ.events.handlers import community as handle
from shequ.events.readmodels import volunteers as ledger
from shequ.events.settings import Settings
from shequ.service import IdempotencyKey, Page, Reader, RuntimeDep, Writer
from shequ.service.people import PersonNotKnown, find_person
from shequ.webapi import RequestModel, RequiredVersion, set_etag

router = APIRouter(prefix="/api/v1/events", tags=["volunteers"])
VOLUNTEER = "/volunteers/{person_id}"
Text = Annotated[str, Field(min_length=1, max_length=200)]
Id = Annotated[str, Field(min_length=1, max_length=64)]


class VolunteerRequest(RequestModel):
    skills: list[Text] = Field([], max_length=20)


class HoursRequest(RequestModel):
    activity_id: Id
    served_on: date
    hours: float = Field(gt=0, le=24)


class RedeemRequest(RequestModel):
    points: int = Field(ge=1, le=1_000_000)
    redeemed_for: Text


@router.post(VOLUNTEER, status_code=201, responses=NOT_FOUND)
async def register_volunteer(
    person_id: str,
    body: VolunteerRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> Recorded:
    """A registered person of your subtree becomes a volunteer."""
    person = await find_person(rt.pool, person_id)
    if person is None:
        raise PersonNotKnown(person_id)
    ACCESS.may_write(actor, person.office, unknown=PersonNotKnown(person_id))
    by = Acting.of(actor, rt.clock())
    command = volunteer.Register(
        person_id=person_id, office=person.office, skills=tuple(body.skills), by=by
    )
    stream = f"volunteer/{person_id}"
    outcome = await handle.run(
        by, rt.store, volunteer.DECIDER, stream, command, key=key
    )
    return recorded(person_id, outcome, response)


async def _volunteer(rt: RuntimeDep, actor: Writer, person_id: str) -> Acting:
    await record(rt, actor, volunteer.DECIDER, "volunteer", person_id, ACCESS.writers)
    return Acting.of(actor, rt.clock())


@router.post(f"{VOLUNTEER}/hours", responses=NOT_FOUND)
async def record_hours(
    person_id: str,
    body: HoursRequest,
    rt: RuntimeDep,
    actor: Writer,
    settings: Settings,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """Hours given to an activity; points at the settings' rate (道德银行 存入)."""
    by = await _volunteer(rt, actor, person_id)
    command = volunteer.RecordHours(
        points_per_hour=settings.points_per_hour, by=by, **body.model_dump()
    )
    outcome = await handle.record_hours(
        rt.store, person_id, command, expected_version=expected
    )
    return recorded(person_id, outcome, response)


@router.post(f"{VOLUNTEER}/redemptions", responses=NOT_FOUND)
async def redeem(
    person_id: str,
    body: RedeemRequest,
    rt: RuntimeDep,
    actor: Writer,
    expected: RequiredVersion,
    response: Response,
) -> Recorded:
    """Points redeemed (道德银行 兑换), never beyond the balance."""
    by = await _volunteer(rt, actor, person_id)
    command = volunteer.Redeem(by=by, **body.model_dump())
    outcome = await handle.run(
        by,
        rt.store,
        volunteer.DECIDER,
        f"volunteer/{person_id}",
        command,
        expected_version=expected,
    )
    return recorded(person_id, outcome, response)


class VolunteerView(BaseModel):
    """A volunteer's record whole: who, hours, points earned, redeemed and left."""

    person_id: str
    name: str | None  # the registry's; None once the person was erased
    office: str
    hours: float
    earned: int
    redeemed: int
    balance: int
    ledger: list[ledger.PointsRow]
    version: int


def _row(event: object) -> ledger.PointsRow | None:
    match event:
        case VolunteerHoursRecorded():
            return ledger.PointsRow(
                day=event.served_on,
                activity_id=event.activity_id,
                hours=event.hours,
                points=event.points,
                redeemed_for=None,
                balance=event.balance,
            )
        case MoralPointsRedeemed():
            return ledger.PointsRow(
                day=event.redeemed_on,
                activity_id=None,
                hours=None,
                points=-event.points,
                redeemed_for=event.redeemed_for,
                balance=event.balance,
            )
    return None


@router.get(VOLUNTEER, responses=NOT_FOUND)
async def read_volunteer(
    person_id: str, rt: RuntimeDep, actor: Reader, response: Response
) -> VolunteerView:
    """A volunteer's hours, points and moral-bank ledger (道德银行台帐).

    Read from the volunteer's stream, so the ledger is the one the balance and the
    version (the ETag a redemption is sent with) speak of, never a projection behind.
    """
    state, _ = await record(
        rt, actor, volunteer.DECIDER, "volunteer", person_id, ACCESS.readers
    )
    assert state is not None
    events, head = await rt.store.replay(f"volunteer/{person_id}")
    rows = [row for e in events if (row := _row(e)) is not None]
    person = await find_person(rt.pool, person_id)
    set_etag(response, head.version)
    return VolunteerView(
        person_id=person_id,
        name=None if person is None or person.erased else person.name,
        office=state.office,
        hours=state.hours,
        earned=sum(r.points for r in rows if r.points > 0),
        redeemed=-sum(r.points for r in rows if r.points < 0),
        balance=state.balance,
        ledger=rows,
        version=head.version,
    )


@router.get("/volunteers")
async def list_volunteers(
    rt: RuntimeDep, root: Subtree, page: PageNo = 1, size: Size = 50
) -> Page[ledger.VolunteerRow]:
    """The volunteers of a subtree, with hours and points (志愿者台帐)."""
    return await ledger.volunteers(rt.pool, root.subtree_prefix, page=page, size=size)
