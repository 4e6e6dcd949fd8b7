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

from shequ.access import OfficeCode, china_date
from shequ.documents import download_headers, render
from shequ.reporting.api._deps import LEDGERS, AsOf, Within, office_in_view
from shequ.reporting.api._deps import serving_pool as pool_of
from shequ.reporting.api.campaigns import CampaignCode
from shequ.reporting.domain.designations import eligible
from shequ.reporting.domain.designations.dues import DueWhat, dues_of
from shequ.reporting.handlers import designations
from shequ.reporting.readmodels.designations import designations_as_of, size_of
from shequ.reporting.readmodels.ledgers.people import names_of
from shequ.reporting.readmodels.scorecard_sheets import (
    scorecard_document,
    scorecard_sheet,
)
from shequ.reporting.readmodels.scorecards import Scorecard, scorecard_of
from shequ.service import Reader, ReaderLanguage, RuntimeDep, heading
from shequ.webapi.sheets import excel_response

router = APIRouter(prefix="/api/v1/reporting", tags=["designations"])


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
    db = await pool_of(rt, LEDGERS, None)
    at = as_of or rt.clock()
    return await scorecard_of(db, rt.store, office, defined, at=at, language=language)


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


class Due(BaseModel):
    """A step the designation waits for: the street's, the district's or the timer's."""

    office: str
    office_name: str | None
    campaign: str
    what: DueWhat
    due_on: date | None
    year: int | None = None


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
    db = await pool_of(rt, LEDGERS, None)
    at = as_of or rt.clock()
    card = await scorecard_of(db, rt.store, office, defined, at=at, language=language)
    stamp = china_date(card.as_of).strftime("%Y%m%d")
    if format == "pdf":
        doc = scorecard_document(card, language)
        content = render(doc, "pdf")
        return Response(
            content,
            media_type="application/pdf",
            headers=download_headers(doc, "pdf", content),
        )
    top = await heading(rt, actor, office, china_date(card.as_of))
    return await excel_response(
        f"scorecard-{campaign}-{office}-{stamp}.xlsx",
        [scorecard_sheet(card, defined)],
        top,
        language,
    )
