"""One vacancy (用工需求) over HTTP: post, read, close, refer, interview, decide.

A vacancy reads from its stream, so its ``ETag`` is the version ``If-Match`` expects.
Writes need the vacancy's office in the actor's subtree: the office holding a vacancy
refers people of the job-seeker bank it may act for (those in its own subtree) and
records the hire, which changes that person's labour status (and may clear their
household's 零就业家庭 entry).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, Actor, OfficeCode, china_date
from shequ.contracts.messages import N_
from shequ.employment.api._access import Writing, acting_on
from shequ.employment.api._bodies import EMPLOYER, NOTE, Id, Wage, Word, Words
from shequ.employment.api._reading import named
from shequ.employment.domain import vacancy
from shequ.employment.domain.access import ACCESS
from shequ.employment.domain.common import stream_of
from shequ.employment.handlers import vacancies as handle
from shequ.employment.readmodels import vacancies as ledger
from shequ.employment.settings import Rules
from shequ.eventstore import load
from shequ.service import IdempotencyKey, Reader, Runtime, RuntimeDep, Writer
from shequ.webapi import RequestModel, RequiredVersion, set_etag

router = APIRouter(prefix="/api/v1/employment/vacancies", tags=["vacancies"])


class PostRequest(RequestModel):
    office: OfficeCode = Field(description="the community or street office posting")
    employer: str = Field(max_length=EMPLOYER)
    position: Word = Field(description="e.g. 保洁员, 收银员")
    openings: int = Field(ge=1, le=10_000, description="how many people are wanted")
    requirements: Words = Field([], description="skills asked for")
    wage_min: Wage
    wage_max: Wage
    valid_until: date = Field(description="the last day the vacancy stands")


class CloseRequest(RequestModel):
    reason: str = Field(max_length=NOTE)


class ReferRequest(RequestModel):
    person_id: Id


class InterviewRequest(RequestModel):
    held_on: date
    notes: str = Field("", max_length=NOTE)


class HireRequest(RequestModel):
    hired_on: date | None = Field(None, description="today when omitted")


class RejectRequest(RequestModel):
    reason: str = Field(max_length=NOTE)


class InterviewView(BaseModel):
    held_on: date
    notes: str


class ReferralView(BaseModel):
    referral_id: str
    person_id: str
    referred_on: date
    reasons: list[str]
    interviews: list[InterviewView]
    outcome: vacancy.ReferralOutcome | None
    decided_on: date | None
    reason: str | None


class VacancyResponse(ledger.VacancySummary):
    referrals: list[ReferralView]
    version: int


def _reply(
    state: vacancy.State, version: int, today: date, response: Response
) -> VacancyResponse:
    v = _existing(state)
    set_etag(response, version)
    return VacancyResponse(
        vacancy_id=v.vacancy_id,
        office=v.office,
        employer=v.employer,
        position=v.position,
        openings=v.openings,
        filled=v.filled,
        requirements=list(v.requirements),
        wage_min=v.wage_min,
        wage_max=v.wage_max,
        valid_until=v.valid_until,
        posted_on=v.posted_on,
        state=v.state_on(today),
        closed_on=v.closed_on,
        close_reason=v.close_reason,
        version=version,
        referrals=[
            ReferralView(
                referral_id=r.referral_id,
                person_id=r.person_id,
                referred_on=r.referred_on,
                reasons=list(r.reasons),
                interviews=[
                    InterviewView(held_on=i.held_on, notes=i.notes)
                    for i in r.interviews
                ],
                outcome=r.outcome,
                decided_on=r.decided_on,
                reason=r.reason,
            )
            for r in v.referrals
        ],
    )


def _not_found() -> vacancy.VacancyNotFound:
    return vacancy.VacancyNotFound(N_("no such vacancy"), field="vacancy_id")


def _existing(state: vacancy.State) -> vacancy.Vacancy:
    if state is None:
        raise _not_found()
    return state


async def current(rt: Runtime, vacancy_id: str) -> tuple[vacancy.Vacancy, int]:
    state, head = await load(
        rt.store, vacancy.DECIDER, stream_of("vacancy", vacancy_id)
    )
    return _existing(state), head.version


async def readable_vacancy(
    rt: Runtime, actor: Actor, vacancy_id: str
) -> tuple[vacancy.Vacancy, int]:
    """The vacancy and its version, if its office is in the reader's subtree.

    One of another subtree is answered exactly as an unknown id (404, the same body),
    before any rule looks at it (#14 item 9): whether it exists is not theirs to learn.
    """
    found, version = await current(rt, vacancy_id)
    ACCESS.may_read(actor, found.office, unknown=_not_found())
    return found, version


async def _writable(rt: Runtime, actor: Actor, vacancy_id: str) -> Acting:
    found, _ = await current(rt, vacancy_id)
    ACCESS.may_write(actor, found.office, unknown=_not_found())
    return Acting.of(actor, rt.clock())


def today_of(rt: Runtime) -> date:
    return china_date(rt.clock())


@dataclass
class _VacancyWrite(Writing):
    """A writer's request on a vacancy (its office must be in their subtree)."""

    vacancy_id: str

    async def by(self) -> Acting:
        """Who acts, if the vacancy's office is in the writer's subtree."""
        return await _writable(self.rt, self.actor, self.vacancy_id)

    async def act(
        self, command: vacancy.Close | vacancy.HoldInterview | vacancy.Reject
    ) -> VacancyResponse:
        """Run a command on the vacancy alone and reply with the vacancy."""
        outcome = await handle.act(
            self.rt.store, self.vacancy_id, command, expected_version=self.expected
        )
        return await self.reply(outcome.state, outcome.version, command.by.today)

    async def reply(
        self, state: vacancy.State, version: int, today: date
    ) -> VacancyResponse:
        return await named(self.rt, _reply(state, version, today, self.response))


@dataclass
class _VacancyChange(_VacancyWrite):
    """A change to a vacancy that depends on what was read: ``If-Match`` required."""

    expected: RequiredVersion


VacancyWrite = Annotated[_VacancyWrite, Depends()]
VacancyChange = Annotated[_VacancyChange, Depends()]


@router.post("", status_code=201)
async def post_vacancy(
    body: PostRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> VacancyResponse:
    """Post an employer's vacancy (用工需求) for an office in the actor's subtree."""
    ACCESS.may_write(actor, body.office)
    outcome = await handle.post(
        rt.store,
        by=Acting.of(actor, rt.clock()),
        office=body.office,
        employer=body.employer,
        position=body.position,
        openings=body.openings,
        requirements=body.requirements,
        wage_min=body.wage_min,
        wage_max=body.wage_max,
        valid_until=body.valid_until,
        key=key,
    )
    reply = await named(
        rt, _reply(outcome.state, outcome.version, today_of(rt), response)
    )
    response.headers["Location"] = f"{router.prefix}/{reply.vacancy_id}"
    return reply


@router.get("/{vacancy_id}")
async def read_vacancy(
    vacancy_id: str, rt: RuntimeDep, actor: Reader, response: Response
) -> VacancyResponse:
    """One vacancy with its referrals, as its stream stands now."""
    found, version = await readable_vacancy(rt, actor, vacancy_id)
    return await named(rt, _reply(found, version, today_of(rt), response))


@router.post("/{vacancy_id}/close")
async def close_vacancy(body: CloseRequest, write: VacancyChange) -> VacancyResponse:
    """Close the vacancy, saying why; pending referrals may still be decided.

    It withdraws the openings the clerk read, so ``If-Match`` is required.
    """
    return await write.act(vacancy.Close(reason=body.reason, by=await write.by()))


@router.post("/{vacancy_id}/referrals", status_code=201)
async def refer(
    vacancy_id: str,
    body: ReferRequest,
    rt: RuntimeDep,
    actor: Writer,
    response: Response,
    key: IdempotencyKey = None,
) -> VacancyResponse:
    """Refer (推荐) someone in the job-seeker bank; the match reasons are recorded.

    The person must live in the actor's subtree, as for any other change to their
    file: a hire changes their labour status. A blind write is safe because the
    decider checks the whole transition (the vacancy taking candidates, the person
    seeking work and not referred yet); a lost race is decided again, so staff
    referring different people at once all succeed.
    """
    by = await _writable(rt, actor, vacancy_id)
    await acting_on(rt, actor, body.person_id)
    outcome = await handle.refer(
        rt.store, vacancy_id, by=by, person_id=body.person_id, key=key
    )
    made = _existing(outcome.state).last_referral_of(body.person_id)
    if made is not None:
        response.headers["Location"] = (
            f"{router.prefix}/{vacancy_id}/referrals/{made.referral_id}"
        )
    return await named(rt, _reply(outcome.state, outcome.version, by.today, response))


@router.post("/{vacancy_id}/referrals/{referral_id}/interview")
async def hold_interview(
    referral_id: str, body: InterviewRequest, write: VacancyWrite
) -> VacancyResponse:
    """Record an interview of a referred candidate.

    A blind write is safe because an interview is an appended fact and the decider
    checks the referral is undecided; a lost race is decided again.
    """
    command = vacancy.HoldInterview(
        referral_id=referral_id,
        held_on=body.held_on,
        notes=body.notes,
        by=await write.by(),
    )
    return await write.act(command)


@router.post("/{vacancy_id}/referrals/{referral_id}/hire")
async def hire(
    referral_id: str,
    body: HireRequest,
    write: VacancyWrite,
    rules: Rules,
    key: IdempotencyKey = None,
) -> VacancyResponse:
    """Hire the candidate: they become employed by the vacancy's employer at once.

    A blind write is safe because the decider checks the whole transition (the
    referral undecided, an opening left); a lost race is decided again, and the
    second hire into a last opening finds the vacancy full.
    """
    by = await write.by()
    command = vacancy.Hire(
        referral_id=referral_id, hired_on=body.hired_on or by.today, by=by
    )
    outcome = await handle.hire(
        write.rt.store,
        write.vacancy_id,
        command,
        rules.retirement,
        key=key,
        expected_version=write.expected,
    )
    return await write.reply(outcome.state, outcome.version, by.today)


@router.post("/{vacancy_id}/referrals/{referral_id}/reject")
async def reject(
    referral_id: str, body: RejectRequest, write: VacancyWrite
) -> VacancyResponse:
    """Record that the candidate was not hired, and why.

    A blind write is safe because the decider checks the referral is undecided; a
    lost race is decided again.
    """
    by = await write.by()
    return await write.act(
        vacancy.Reject(referral_id=referral_id, reason=body.reason, by=by)
    )
