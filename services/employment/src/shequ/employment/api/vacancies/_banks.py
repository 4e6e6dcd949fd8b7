"""The two banks as ledgers (台帐): vacancies and job seekers, referrals, exports.

The vacancy bank (用工需求信息库) lists vacancies posted within a subtree; the
job-seeker bank (求职需求信息库) the people seeking work who live there now. Both page
and export to Excel (Chinese, or English with ``?lang=en`` or ``Accept-Language``).
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from shequ.contracts.employment import LABOUR_STATUS_LABELS
from shequ.contracts.messages import N_
from shequ.employment.api._reading import (
    EVERYTHING,
    PageNo,
    Size,
    Subtree,
    export,
    sheet,
)
from shequ.employment.api.vacancies._record import readable_vacancy, today_of
from shequ.employment.domain.vacancy import (
    REFERRAL_OUTCOME_LABELS,
    VACANCY_STATE_LABELS,
)
from shequ.employment.readmodels import vacancies as ledger
from shequ.service import Page, Reader, ReaderLanguage, RuntimeDep
from shequ.webapi.sheets import EXCEL_DOWNLOAD, Column

router = APIRouter(prefix="/api/v1/employment", tags=["vacancies"])


@router.get("/vacancies")
async def list_vacancies(
    rt: RuntimeDep,
    root: Subtree,
    state: ledger.State = "open",
    page: PageNo = 1,
    size: Size = 50,
) -> Page[ledger.VacancyRow]:
    """The vacancy bank (用工需求信息库) within a subtree, soonest ending first."""
    return await ledger.vacancy_rows(
        rt.pool, root.subtree_prefix, state, today_of(rt), page=page, size=size
    )


@router.get("/vacancies/{vacancy_id}/referrals")
async def list_referrals(
    vacancy_id: str, rt: RuntimeDep, actor: Reader
) -> list[ledger.ReferralRow]:
    """The referrals to one vacancy, with names (推荐记录)."""
    await readable_vacancy(rt, actor, vacancy_id)  # another subtree's: 404
    return await ledger.referral_rows(rt.pool, [vacancy_id])


VACANCY_COLUMNS = [
    Column("office", N_("Posted by"), kind="id"),
    Column("employer", N_("Employer")),
    Column("position", N_("Position")),
    Column("openings", N_("Openings"), kind="number"),
    Column("filled", N_("Filled"), kind="number"),
    Column("requirements", N_("Skills asked"), kind="list"),
    Column("wage_min", N_("Monthly wage from (yuan)"), kind="number"),
    Column("wage_max", N_("Monthly wage to (yuan)"), kind="number"),
    Column("posted_on", N_("Posted on"), kind="date"),
    Column("valid_until", N_("Valid until"), kind="date"),
    Column("state", N_("State"), labels=VACANCY_STATE_LABELS),
    Column("referred", N_("Candidates referred"), kind="number"),
    Column("vacancy_id", N_("Vacancy number"), kind="id"),
]
REFERRAL_COLUMNS = [
    Column("vacancy_id", N_("Vacancy number"), kind="id"),
    Column("name", N_("Full name")),
    Column("document_masked", N_("ID card number"), kind="id"),
    Column("referred_on", N_("Referred on"), kind="date"),
    Column("reasons", N_("Why matched"), kind="list"),
    Column("interviewed_on", N_("Interviewed on"), kind="date"),
    Column("outcome", N_("Outcome"), labels=REFERRAL_OUTCOME_LABELS),
    Column("decided_on", N_("Decided on"), kind="date"),
    Column("reason", N_("Why not hired")),
]
SEEKER_COLUMNS = [
    Column("name", N_("Full name")),
    Column("document_masked", N_("ID card number"), kind="id"),
    Column("office", N_("Community"), kind="id"),
    Column("wishes", N_("Work wanted"), kind="list"),
    Column("skills", N_("Skills"), kind="list"),
    Column("available_from", N_("Available from"), kind="date"),
    Column("min_monthly_wage", N_("Lowest monthly wage (yuan)"), kind="number"),
    Column("status", N_("Labour status"), labels=LABOUR_STATUS_LABELS),
    Column("employer", N_("Employer")),
    Column("referred", N_("Times referred"), kind="number"),
]


@router.get(
    "/ledgers/vacancies/export", response_class=Response, responses=EXCEL_DOWNLOAD
)
async def export_vacancies(
    rt: RuntimeDep,
    actor: Reader,
    root: Subtree,
    language: ReaderLanguage,
    state: ledger.State = "all",
) -> Response:
    """The vacancy bank and its referrals as an Excel workbook (用工需求信息库)."""
    found = await ledger.vacancy_rows(
        rt.pool, root.subtree_prefix, state, today_of(rt), page=1, size=EVERYTHING
    )
    rows = found.items
    referrals = await ledger.referral_rows(rt.pool, [r.vacancy_id for r in rows])
    sheets = [
        sheet(N_("Vacancy bank"), VACANCY_COLUMNS, rows),
        sheet(N_("Referrals"), REFERRAL_COLUMNS, referrals),
    ]
    return await export(rt, actor, root, f"vacancies-{root}.xlsx", sheets, language)


@router.get("/ledgers/job-seekers")
async def list_job_seekers(
    rt: RuntimeDep, root: Subtree, page: PageNo = 1, size: Size = 50
) -> Page[ledger.JobSeekerRow]:
    """The job-seeker bank (求职需求信息库): people seeking work who live here now."""
    return await ledger.job_seeker_rows(
        rt.pool, root.subtree_prefix, page=page, size=size
    )


@router.get(
    "/ledgers/job-seekers/export", response_class=Response, responses=EXCEL_DOWNLOAD
)
async def export_job_seekers(
    rt: RuntimeDep, actor: Reader, root: Subtree, language: ReaderLanguage
) -> Response:
    """The job-seeker bank as an Excel workbook."""
    found = await ledger.job_seeker_rows(
        rt.pool, root.subtree_prefix, page=1, size=EVERYTHING
    )
    sheets = [sheet(N_("Job-seeker bank"), SEEKER_COLUMNS, found.items)]
    return await export(rt, actor, root, f"job-seekers-{root}.xlsx", sheets, language)
