"""Scorecards (考评): each designation's stage and criteria, for any office and date.

``/scorecards/{office}/{campaign}`` judges the campaign's criteria on the office's
figures as of any moment, each number with the ledger behind it; for a street or the
district it holds a card per community and the pass rate (篇五: ≥ 95% of a street's
communities), per street for a district — the district board. Excel and PDF. The
due list (``/designations/due``) holds what the timer recorded as due and not done.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from shequ.access import OfficeCode, OfficeLevel, china_date
from shequ.contracts.messages import N_, Msg
from shequ.contracts.reporting import (
    COMPARISON_LABELS,
    DESIGNATION_STATUS_LABELS,
    METRIC_LABELS,
    CampaignDefined,
)
from shequ.documents import Document, Section, Signature, download_headers, render
from shequ.i18n import Language, translate
from shequ.i18n import render as say
from shequ.reporting.api._deps import LEDGERS, AsOf, Within, office_in_view
from shequ.reporting.api._deps import serving_pool as pool_of
from shequ.reporting.api.campaigns import CampaignCode
from shequ.reporting.domain.designations import (
    Designation,
    eligible,
    scorecard,
    years_after,
)
from shequ.reporting.handlers import designations
from shequ.reporting.readmodels.dashboard import actuals_within
from shequ.reporting.readmodels.designations import (
    communities_within,
    designations_as_of,
    size_of,
)
from shequ.reporting.readmodels.ledgers.people import names_of
from shequ.service import Reader, ReaderLanguage, RuntimeDep, heading
from shequ.webapi.sheets import Column, Sheet, excel_response

router = APIRouter(prefix="/api/v1/reporting", tags=["designations"])


class CriterionView(BaseModel):
    metric: str
    label: str
    comparison: str
    threshold: float
    actual: float | None
    met: bool | None
    source: str | None  # the ledger behind the number (within, as of the moment)


class CommunityCard(BaseModel):
    office: str
    name: str
    status: str | None  # None: the community has not begun this designation
    grade: str | None
    criteria: list[CriterionView]
    passes: bool


class StreetRate(BaseModel):
    office: str
    name: str | None
    communities: int
    passing: int
    pass_rate: float | None
    met: bool | None


class Scorecard(BaseModel):
    office: str
    office_name: str | None
    level: OfficeLevel
    campaign: str
    campaign_name: str
    as_of: datetime
    year: int
    status: str | None
    grade: str | None
    criteria: list[CriterionView]
    passes: bool
    communities: list[CommunityCard]
    pass_rate: float | None
    pass_rate_target: float | None
    pass_rate_met: bool | None
    streets: list[StreetRate]


def _criteria(
    campaign: CampaignDefined,
    actuals: dict[str, int | float | None] | None,
    office: str,
    at: datetime,
    language: Language,
) -> list[CriterionView]:
    return [
        CriterionView(
            metric=j.criterion.metric,
            label=j.criterion.label
            or translate(
                METRIC_LABELS.get(j.criterion.metric, j.criterion.metric), language
            ),
            comparison=j.criterion.comparison,
            threshold=j.criterion.threshold,
            actual=j.actual,
            met=j.met,
            source=j.source,
        )
        for j in scorecard.judge(campaign, actuals, office, at)
    ]


def _rate_met(rate: float | None, target: float | None) -> bool | None:
    if rate is None or target is None:
        return None
    return rate >= target


async def scorecard_of(
    rt: RuntimeDep,
    office: OfficeCode,
    campaign: CampaignDefined,
    at: datetime,
    language: Language,
) -> Scorecard:
    """The office's card, and one per community of its subtree with the pass rates."""
    db = await pool_of(rt, LEDGERS, None)
    actuals = await actuals_within(db, office, at, rehab=True)
    year = china_date(at).year
    states = {
        d.office: d
        for d in await designations_as_of(rt.store, office, campaign.campaign, at)
    }
    cards = [
        _card(
            campaign,
            code,
            name,
            states.get(code),
            actuals.get(code),
            at,
            year,
            language,
        )
        for code, name in await communities_within(db, office)
    ]
    names = await names_of(
        db, [office, *{OfficeCode(c.office).parent or c.office for c in cards}]
    )
    own = states.get(office)
    criteria = _criteria(campaign, actuals.get(office), office, at, language)
    rate = _rate(cards) if office.level is not OfficeLevel.COMMUNITY else None
    return Scorecard(
        office=office,
        office_name=names.get(office),
        level=office.level,
        campaign=campaign.campaign,
        campaign_name=campaign.name,
        as_of=at,
        year=year,
        status=None if own is None else own.status,
        grade=None if own is None else own.grades.get(year),
        criteria=criteria,
        passes=all(c.met is True for c in criteria),
        communities=cards if office.level is not OfficeLevel.COMMUNITY else [],
        pass_rate=rate,
        pass_rate_target=campaign.pass_rate,
        pass_rate_met=_rate_met(rate, campaign.pass_rate),
        streets=_streets(cards, campaign, names)
        if office.level is OfficeLevel.DISTRICT
        else [],
    )


def _card(
    campaign: CampaignDefined,
    office: str,
    name: str,
    state: Designation | None,
    actuals: dict[str, int | float | None] | None,
    at: datetime,
    year: int,
    language: Language,
) -> CommunityCard:
    criteria = _criteria(campaign, actuals, office, at, language)
    return CommunityCard(
        office=office,
        name=name,
        status=None if state is None else state.status,
        grade=None if state is None else state.grades.get(year),
        criteria=criteria,
        passes=all(c.met is True for c in criteria),
    )


def _rate(cards: list[CommunityCard]) -> float | None:
    return sum(c.passes for c in cards) / len(cards) if cards else None


def _streets(
    cards: list[CommunityCard], campaign: CampaignDefined, names: dict[str, str]
) -> list[StreetRate]:
    by_street: dict[str, list[CommunityCard]] = {}
    for card in cards:
        by_street.setdefault(OfficeCode(card.office).parent or card.office, []).append(
            card
        )
    rates = []
    for street, its in sorted(by_street.items()):
        rate = _rate(its)
        rates.append(
            StreetRate(
                office=street,
                name=names.get(street),
                communities=len(its),
                passing=sum(c.passes for c in its),
                pass_rate=rate,
                met=_rate_met(rate, campaign.pass_rate),
            )
        )
    return rates


@router.get("/scorecards/{office}/{campaign}")
async def read_scorecard(
    office: OfficeCode,
    campaign: CampaignCode,
    rt: RuntimeDep,
    actor: Reader,
    language: ReaderLanguage,
    as_of: AsOf = None,
) -> Scorecard:
    """The campaign's criteria on the office's figures as of ``as_of`` (now)."""
    await office_in_view(rt, actor, office, field="office")
    defined = await designations.campaign(rt.store, campaign)
    return await scorecard_of(rt, office, defined, as_of or rt.clock(), language)


class Eligibility(BaseModel):
    office: str
    campaign: str
    as_of: datetime
    households: int
    residents: int
    min_households: int | None
    min_residents: int | None
    eligible: bool


@router.get("/designations/{office}/{campaign}/eligibility")
async def read_eligibility(
    office: OfficeCode,
    campaign: CampaignCode,
    rt: RuntimeDep,
    actor: Reader,
    as_of: AsOf = None,
) -> Eligibility:
    """Whether the office is large enough to apply (households or residents)."""
    await office_in_view(rt, actor, office, field="office")
    defined = await designations.campaign(rt.store, campaign)
    db = await pool_of(rt, LEDGERS, None)
    households, residents = await size_of(db, office, as_of)
    return Eligibility(
        office=office,
        campaign=campaign,
        as_of=as_of or rt.clock(),
        households=households,
        residents=residents,
        min_households=defined.min_households,
        min_residents=defined.min_residents,
        eligible=eligible(defined, households, residents),
    )


DueWhat = Literal[
    "review", "acceptance", "inspection", "recheck", "evaluation", "rectification"
]


class Due(BaseModel):
    """A step the designation waits for: the street's, the district's or the timer's."""

    office: str
    office_name: str | None
    campaign: str
    what: DueWhat
    due_on: date | None
    year: int | None = None


def dues_of(
    state: Designation, today: date
) -> list[tuple[DueWhat, date | None, int | None]]:
    """What ``state`` waits for (the timer's marks: a re-check, a year's evaluation)."""
    found: list[tuple[DueWhat, date | None, int | None]] = []
    match state.status:
        case "applied":
            found.append(("review", state.last_on, None))
        case "reviewed":
            found.append(("acceptance", state.last_on, None))
        case "accepted" if (
            state.notice_until is not None and today > state.notice_until
        ):
            found.append(("inspection", state.notice_until, None))
        case "rectifying":
            found.append(("rectification", state.rectify_by, None))
        case "named":
            if (
                state.recheck_marked is not None
                and state.recheck_marked == state.recheck_due
            ):
                found.append(("recheck", state.recheck_due, None))
            assert state.named_on is not None
            for year in sorted(state.evaluation_marked - set(state.evaluated)):
                anniversary = years_after(state.named_on, year - state.named_on.year)
                found.append(("evaluation", anniversary, year))
    return found


@router.get("/designations/due")
async def designations_due(
    rt: RuntimeDep, actor: Reader, within: Within = None
) -> list[Due]:
    """Every step a designation of the subtree waits for, the longest waiting first."""
    root = await office_in_view(rt, actor, within, field="within")
    today = china_date(rt.clock())
    states = await designations_as_of(rt.store, root, None, None)
    names = await names_of(
        await pool_of(rt, LEDGERS, None), sorted({s.office for s in states})
    )
    dues = [
        Due(
            office=s.office,
            office_name=names.get(s.office),
            campaign=s.campaign,
            what=what,
            due_on=on,
            year=year,
        )
        for s in states
        for what, on, year in dues_of(s, today)
    ]
    return sorted(dues, key=lambda d: (d.due_on or date.max, d.office))


ExportFormat = Annotated[Literal["xlsx", "pdf"], Query()]


@router.get(
    "/scorecards/{office}/{campaign}/export",
    response_class=Response,
    responses={
        200: {
            "content": {
                "application/pdf": {},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
            }
        }
    },
)
async def export_scorecard(
    office: OfficeCode,
    campaign: CampaignCode,
    rt: RuntimeDep,
    actor: Reader,
    language: ReaderLanguage,
    as_of: AsOf = None,
    format: ExportFormat = "xlsx",
) -> Response:
    """The scorecard, a row per community (the board), as Excel or an A4 PDF."""
    await office_in_view(rt, actor, office, field="office")
    defined = await designations.campaign(rt.store, campaign)
    card = await scorecard_of(rt, office, defined, as_of or rt.clock(), language)
    stamp = china_date(card.as_of).strftime("%Y%m%d")
    if format == "pdf":
        doc = _document(card, language)
        content = render(doc, "pdf")
        return Response(
            content,
            media_type="application/pdf",
            headers=download_headers(doc, "pdf", content),
        )
    top = await heading(rt, actor, office, china_date(card.as_of))
    return await excel_response(
        f"scorecard-{campaign}-{office}-{stamp}.xlsx",
        [_sheet(card, defined)],
        top,
        language,
    )


def _title(card: Scorecard, language: Language) -> str:
    return say(N_("{campaign} scorecard"), {"campaign": card.campaign_name}, language)


def _sheet(card: Scorecard, campaign: CampaignDefined) -> Sheet:
    rows = card.communities or [
        CommunityCard(
            office=card.office,
            name=card.office_name or card.office,
            status=card.status,
            grade=card.grade,
            criteria=card.criteria,
            passes=card.passes,
        )
    ]
    columns = [
        Column("office", N_("office code"), "id"),
        Column("name", N_("office")),
        Column("status", N_("stage"), labels=DESIGNATION_STATUS_LABELS),
        Column("grade", N_("grade")),
        *(
            Column(
                f"c{i}", Msg(c.label or METRIC_LABELS.get(c.metric, c.metric)), "number"
            )
            for i, c in enumerate(campaign.criteria)
        ),
        Column("passes", N_("meets every criterion"), "yesno"),
    ]
    values = (
        [r.office, r.name, r.status, r.grade, *(c.actual for c in r.criteria), r.passes]
        for r in rows
    )
    return Sheet(Msg(card.campaign_name), columns, values)


def _line(criterion: CriterionView, language: Language) -> str:
    verdict = {True: N_("met"), False: N_("not met"), None: N_("no figure")}[
        criterion.met
    ]
    return say(
        N_("{label} {comparison} {threshold}: {actual}, {verdict}"),
        {
            "label": criterion.label,
            "comparison": COMPARISON_LABELS[criterion.comparison],
            "threshold": f"{criterion.threshold:g}",
            "actual": "-" if criterion.actual is None else f"{criterion.actual:g}",
            "verdict": verdict,
        },
        language,
    )


def _stage(status: str | None, language: Language) -> str:
    if status is None:
        return translate(N_("not begun"), language)
    return translate(DESIGNATION_STATUS_LABELS[status], language)


def _document(card: Scorecard, language: Language) -> Document:
    """The scorecard as a printable A4 form: the office's card, then each community."""
    own = Section(
        heading=card.office_name or card.office,
        items=tuple(_line(c, language) for c in card.criteria),
    )
    communities = tuple(
        Section(
            heading=f"{c.name}（{_stage(c.status, language)}）",
            items=tuple(_line(x, language) for x in c.criteria),
        )
        for c in card.communities
    )
    rate = (
        []
        if card.pass_rate is None
        else [
            say(
                N_("pass rate {rate} against {target}"),
                {
                    "rate": f"{card.pass_rate:.0%}",
                    "target": "-"
                    if card.pass_rate_target is None
                    else f"{card.pass_rate_target:.0%}",
                },
                language,
            )
        ]
    )
    return Document(
        kind="scorecard",
        title=_title(card, language),
        number=f"{card.campaign}-{card.office}-{china_date(card.as_of):%Y%m%d}",
        issued_on=china_date(card.as_of),
        parties=((translate(N_("office"), language), card.office_name or card.office),),
        preamble=" ".join(rate),
        sections=(own, *communities),
        closing="",
        signatures=(Signature(label=translate(N_("reviewed by"), language)),),
    )
