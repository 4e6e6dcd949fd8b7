"""The two banks as ledgers (台帐): vacancies and job seekers, referrals, exports.

The vacancy bank (用工需求信息库) lists vacancies posted within a subtree; the
job-seeker bank (求职需求信息库) the people seeking work who live there now. Both page
and export to Excel (Chinese headers, or English with ``language=en``).
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel

from shequ.employment.api._reading import EVERYTHING, PageNo, Size, Subtree
from shequ.employment.api.vacancies._record import readable_vacancy, today_of
from shequ.employment.readmodels import vacancies as ledger
from shequ.service import Page, Reader, RuntimeDep
from shequ.webapi import Column, Language, Sheet, excel_response

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


_STATE_ZH = {
    "open": "招聘中",
    "full": "已招满",
    "expired": "已过期",
    "closed": "已关闭",
}
_OUTCOME_ZH = {"hired": "录用", "not_hired": "未录用"}
VACANCY_COLUMNS = [
    Column("office", "发布单位", "Office"),
    Column("employer", "用人单位", "Employer"),
    Column("position", "岗位", "Position"),
    Column("openings", "招用人数", "Openings"),
    Column("filled", "已录用", "Filled"),
    Column("requirements", "技能要求", "Skills asked"),
    Column("wage_min", "月薪下限(元)", "Wage from (yuan)"),
    Column("wage_max", "月薪上限(元)", "Wage to (yuan)"),
    Column("posted_on", "发布日期", "Posted on"),
    Column("valid_until", "有效期至", "Valid until"),
    Column("state", "状态", "State"),
    Column("referred", "推荐人数", "Referred"),
    Column("vacancy_id", "岗位编号", "Vacancy"),
]
REFERRAL_COLUMNS = [
    Column("vacancy_id", "岗位编号", "Vacancy"),
    Column("name", "姓名", "Name"),
    Column("document_masked", "身份证号", "ID number"),
    Column("referred_on", "推荐日期", "Referred on"),
    Column("reasons", "推荐理由", "Why matched"),
    Column("interviewed_on", "面试日期", "Interviewed on"),
    Column("outcome", "结果", "Outcome"),
    Column("decided_on", "决定日期", "Decided on"),
    Column("reason", "未录用原因", "Why not hired"),
]
SEEKER_COLUMNS = [
    Column("name", "姓名", "Name"),
    Column("document_masked", "身份证号", "ID number"),
    Column("office", "所属社区", "Office"),
    Column("wishes", "求职意向", "Work wanted"),
    Column("skills", "技能", "Skills"),
    Column("available_from", "可到岗日期", "Available from"),
    Column("min_monthly_wage", "最低月薪(元)", "Minimum wage (yuan)"),
    Column("status", "就业状态", "Labour status"),
    Column("employer", "工作单位", "Employer"),
    Column("referred", "推荐次数", "Referrals"),
]


def _cells(row: BaseModel, columns: list[Column], language: Language) -> list[object]:
    values = []
    for c in columns:
        value = getattr(row, c.key)
        if isinstance(value, list):
            value = "、".join(value)
        elif language == "zh" and c.key == "state":
            value = _STATE_ZH[value]
        elif language == "zh" and c.key == "outcome" and value:
            value = _OUTCOME_ZH[value]
        values.append(value)
    return values


@router.get("/ledgers/vacancies/export")
async def export_vacancies(
    rt: RuntimeDep,
    root: Subtree,
    state: ledger.State = "all",
    language: Language = "zh",
) -> Response:
    """The vacancy bank and its referrals as an Excel workbook (用工需求信息库)."""
    found = await ledger.vacancy_rows(
        rt.pool, root.subtree_prefix, state, today_of(rt), page=1, size=EVERYTHING
    )
    rows = found.items
    referrals = await ledger.referral_rows(rt.pool, [r.vacancy_id for r in rows])
    sheets = [
        Sheet(
            "用工需求信息库",
            VACANCY_COLUMNS,
            [_cells(r, VACANCY_COLUMNS, language) for r in rows],
        ),
        Sheet(
            "推荐记录",
            REFERRAL_COLUMNS,
            [_cells(r, REFERRAL_COLUMNS, language) for r in referrals],
        ),
    ]
    return excel_response(f"vacancies-{root}.xlsx", sheets, language)


@router.get("/ledgers/job-seekers")
async def list_job_seekers(
    rt: RuntimeDep, root: Subtree, page: PageNo = 1, size: Size = 50
) -> Page[ledger.JobSeekerRow]:
    """The job-seeker bank (求职需求信息库): people seeking work who live here now."""
    return await ledger.job_seeker_rows(
        rt.pool, root.subtree_prefix, page=page, size=size
    )


@router.get("/ledgers/job-seekers/export")
async def export_job_seekers(
    rt: RuntimeDep, root: Subtree, language: Language = "zh"
) -> Response:
    """The job-seeker bank as an Excel workbook."""
    found = await ledger.job_seeker_rows(
        rt.pool, root.subtree_prefix, page=1, size=EVERYTHING
    )
    rows = found.items
    sheet = Sheet(
        "求职需求信息库",
        SEEKER_COLUMNS,
        [_cells(r, SEEKER_COLUMNS, language) for r in rows],
    )
    return excel_response(f"job-seekers-{root}.xlsx", [sheet], language)
