"""The monthly activity report (活动月报) of an office, as data, Excel, PDF or Word.

``GET /api/v1/reporting/monthly/{office}/{year}/{month}``: the month's activities by
kind, participants, volunteer hours, duties held against due and the year's targets,
as recorded now (or by ``as_of``). ``format=xlsx`` gives it as sheets
(``shequ.webapi.sheets``), ``format=pdf`` as the printed form (``shequ.documents``,
A4, with its SHA-256 in ``Repr-Digest`` as every document has), ``format=docx`` as the
same form in Word, which offices edit before they file it: one composed document,
rendered twice, so both say the same.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response

from shequ.access import OfficeCode, china_date
from shequ.contracts.events import ACTIVITY_KIND_LABELS
from shequ.contracts.messages import N_
from shequ.contracts.reporting import COMPARISON_LABELS, METRIC_LABELS
from shequ.documents import DOCUMENT_DOWNLOAD, MEDIA_TYPES, download_headers, render
from shequ.i18n import translate
from shequ.reporting.api._deps import (
    LEDGERS,
    NAMES_AN_OFFICE,
    AsOf,
    office_in_view,
    serving_pool,
)
from shequ.reporting.api.workplans import Year
from shequ.reporting.domain.monthly import compose
from shequ.reporting.domain.workplan import check_year
from shequ.reporting.readmodels.events_sheets import activities_sheet
from shequ.reporting.readmodels.monthly import MonthlyReport, monthly_report
from shequ.reporting.readmodels.workplans import plan_of
from shequ.service import Reader, ReaderLanguage, RuntimeDep, heading
from shequ.webapi.sheets import EXCEL_DOWNLOAD, Column, Sheet, excel_response

router = APIRouter(prefix="/api/v1/reporting/monthly", tags=["monthly report"])
Month = Annotated[int, Path(ge=1, le=12)]
ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the report as JSON, an Excel workbook, a PDF or a Word file",
        "content": {
            **EXCEL_DOWNLOAD[200]["content"],
            **DOCUMENT_DOWNLOAD[200]["content"],
        },
    },
    **NAMES_AN_OFFICE,
}
KINDS_TITLE = N_("Activities of the month by kind")
KIND_COLUMNS = [
    Column("kind", N_("Kind of activity"), labels=ACTIVITY_KIND_LABELS),
    Column("activities", N_("Activities"), "number"),
    Column("participants", N_("Actual participants"), "number"),
]
DUTIES_TITLE = N_("Recurring duties held and due")
DUTY_COLUMNS = [
    Column("duty", N_("Duty"), labels=ACTIVITY_KIND_LABELS),
    Column("held", N_("Held this month"), "number"),
    Column("held_in_year", N_("Held this year"), "number"),
    Column("due_in_year", N_("Due by the month's end"), "number"),
    Column("missed", N_("Missed this month"), "number"),
]
TARGETS_TITLE = N_("Progress against the year's targets")
TARGET_COLUMNS = [
    Column("metric", N_("Target"), labels=METRIC_LABELS),
    Column("comparison", N_("Comparison"), labels=COMPARISON_LABELS),
    Column("target", N_("Target value"), "number"),
    Column("actual", N_("Actual"), "number"),
    Column("met", N_("Met"), "yesno"),
]


def _sheets(report: MonthlyReport) -> list[Sheet]:
    return [
        Sheet.of(KINDS_TITLE, KIND_COLUMNS, report.by_kind),
        Sheet.of(DUTIES_TITLE, DUTY_COLUMNS, report.duties),
        Sheet.of(TARGETS_TITLE, TARGET_COLUMNS, report.targets),
        activities_sheet(report.held),
    ]


@router.get("/{office}/{year}/{month}", response_model=MonthlyReport, responses=ANSWERS)
async def monthly(
    office: OfficeCode,
    year: Year,
    month: Month,
    rt: RuntimeDep,
    actor: Reader,
    language: ReaderLanguage,
    as_of: AsOf = None,
    format: Annotated[Literal["json", "xlsx", "pdf", "docx"], Query()] = "json",
) -> MonthlyReport | Response:
    """The office's monthly activity report (活动月报) for ``month`` of ``year``.

    As recorded now, or by ``as_of``.
    """
    root = await office_in_view(rt, actor, office, field="office")
    check_year(year)
    plan, _ = await plan_of(rt.store, root, year)
    db = await serving_pool(rt, LEDGERS, None)
    at = as_of or rt.clock()
    report = await monthly_report(db, root, year, month, plan, at=at)
    if format == "xlsx":
        top = await heading(rt, actor, root, china_date(report.as_of))
        name = f"monthly-{root}-{year}{month:02d}.xlsx"
        return await excel_response(name, _sheets(report), top, language)
    if format == "json":
        return report
    # The printed form, as PDF or Word: one document, so both say the same.
    doc = compose(report, china_date(report.as_of), partial(translate, language="zh"))
    content = render(doc, format)
    headers = download_headers(doc, format, content)
    return Response(content, media_type=MEDIA_TYPES[format], headers=headers)
