"""Registers (台帐) of what employment records beside the status ledgers.

The training register (培训台帐), the guidance register (就业指导台帐) and the
certificate register (失业证、再就业优惠证台帐), each paged within the reader's subtree
and exportable to Excel. People are listed under the office they live in now (the
registry copy); the certificate register shows each holder's labour status, so a
certificate still in use by someone back at work stands out.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from shequ.access import Actor, OfficeCode
from shequ.employment.api._access import Reader, may_read
from shequ.employment.readmodels._apply import Page
from shequ.service import RuntimeDep
from shequ.webapi import Column, Language, Sheet, excel_response

router = APIRouter(prefix="/api/v1/employment/ledgers", tags=["registers"])
Within = Annotated[OfficeCode | None, Query(description="an office; yours if unset")]
PageNo = Annotated[int, Query(ge=1)]
Size = Annotated[int, Query(ge=1, le=500)]
EVERYTHING = 1_000_000
R = TypeVar("R", bound=BaseModel)

# Who, and where they live now: every register starts from the registry copy.
_PERSON = """r.name, r.document_masked, o.name AS office_name, r.office,
             count(*) OVER () AS total"""
_LIVING_IN = """JOIN people r USING (person_id)
                LEFT JOIN people_offices o ON o.code = r.office
                WHERE r.office LIKE $1 || '%'"""


class _Holder(BaseModel):
    """Whose row it is, and the office they live in now."""

    person_id: str
    name: str
    document_masked: str | None
    office: str
    office_name: str | None


class TrainingRow(_Holder):
    referral_id: str
    kind: str
    course: str
    provider: str
    referred_on: date
    outcome: str | None
    recorded_on: date | None
    certificate: str | None


class GuidanceRow(_Holder):
    kind: str
    given_on: date
    given_by: str | None
    notes: str


class CertificateRow(_Holder):
    number: str
    kind: str
    state: str
    issued_on: date
    returned_on: date | None
    cancelled_on: date | None
    labour_status: str | None


_TRAININGS = f"""SELECT t.referral_id, t.person_id, t.kind, t.course, t.provider,
                        t.referred_on, t.outcome, t.recorded_on, t.certificate,
                        {_PERSON}
                 FROM assistance_trainings t {_LIVING_IN}
                   AND ($4 = 'all' OR t.outcome IS NULL)
                 ORDER BY r.office, t.referred_on, t.referral_id
                 LIMIT $2 OFFSET $3"""
_GUIDANCE = f"""SELECT g.person_id, g.kind, g.given_on, g.given_by, g.notes, {_PERSON}
                FROM assistance_guidance g {_LIVING_IN}
                ORDER BY r.office, g.given_on, g.person_id, g.version
                LIMIT $2 OFFSET $3"""
_CERTIFICATES = f"""SELECT c.number, c.person_id, c.kind, c.state, c.issued_on,
                           c.returned_on, c.cancelled_on, p.status AS labour_status,
                           {_PERSON}
                    FROM unemployment_certificates c
                    LEFT JOIN labour_profiles p USING (person_id) {_LIVING_IN}
                      AND ($4 = 'all' OR c.state = 'in_use')
                    ORDER BY r.office, c.issued_on, c.number
                    LIMIT $2 OFFSET $3"""

_WHO = [
    Column("name", "姓名", "Name"),
    Column("document_masked", "身份证号", "ID number"),
    Column("office_name", "所属社区", "Office"),
]
TRAINING_COLUMNS = [
    *_WHO,
    Column("kind", "培训类别", "Kind"),
    Column("course", "培训项目", "Course"),
    Column("provider", "培训机构", "Provider"),
    Column("referred_on", "推荐日期", "Referred on"),
    Column("outcome", "培训结果", "Outcome"),
    Column("recorded_on", "结果日期", "Recorded on"),
    Column("certificate", "证书编号", "Certificate"),
]
GUIDANCE_COLUMNS = [
    *_WHO,
    Column("kind", "指导类别", "Kind"),
    Column("given_on", "日期", "Given on"),
    Column("given_by", "指导人", "Given by"),
    Column("notes", "内容", "Notes"),
]
CERTIFICATE_COLUMNS = [
    Column("number", "证件编号", "Number"),
    Column("kind", "证件类别", "Kind"),
    *_WHO,
    Column("state", "状态", "State"),
    Column("issued_on", "发证日期", "Issued on"),
    Column("returned_on", "交回日期", "Returned on"),
    Column("cancelled_on", "注销日期", "Cancelled on"),
    Column("labour_status", "就业状态", "Labour status"),
]


async def _rows(
    rt: RuntimeDep,
    row: type[R],
    sql: str,
    root: OfficeCode,
    page: int,
    size: int,
    *filters: object,
) -> Page[R]:
    """A page of ``sql``: $1 the subtree, $2 and $3 the page, then the filters."""
    found = await rt.pool.fetch(
        sql, root.subtree_prefix, size, (page - 1) * size, *filters
    )
    items = [row(**{k: v for k, v in r.items() if k != "total"}) for r in found]
    return Page(
        items=items, total=found[0]["total"] if found else 0, page=page, size=size
    )


def _root(actor: Actor, within: OfficeCode | None) -> OfficeCode:
    root = within or OfficeCode(actor.office)
    may_read(actor, root)
    return root


def _export(
    name: str, title: str, columns: list[Column], page: Page[Any], language: Language
) -> Response:
    rows = ([getattr(i, c.key) for c in columns] for i in page.items)
    return excel_response(f"{name}.xlsx", [Sheet(title, columns, rows)], language)


Pending = Annotated[
    Literal["pending", "all"], Query(description="no outcome yet, or all")
]
InUse = Annotated[Literal["in_use", "all"], Query(description="in use, or all")]


@router.get("/trainings")
async def training_register(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    which: Pending = "all",
    page: PageNo = 1,
    size: Size = 50,
) -> Page[TrainingRow]:
    """Training referrals and their outcomes (培训台帐)."""
    return await _rows(
        rt, TrainingRow, _TRAININGS, _root(actor, within), page, size, which
    )


@router.get("/trainings/export")
async def export_training_register(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    which: Pending = "all",
    language: Language = "zh",
) -> Response:
    root = _root(actor, within)
    found = await _rows(rt, TrainingRow, _TRAININGS, root, 1, EVERYTHING, which)
    return _export(
        f"employment-trainings-{root}", "培训台帐", TRAINING_COLUMNS, found, language
    )


@router.get("/guidance")
async def guidance_register(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    page: PageNo = 1,
    size: Size = 50,
) -> Page[GuidanceRow]:
    """Guidance and policy consultations given (就业指导台帐)."""
    return await _rows(rt, GuidanceRow, _GUIDANCE, _root(actor, within), page, size)


@router.get("/guidance/export")
async def export_guidance_register(
    rt: RuntimeDep, actor: Reader, within: Within = None, language: Language = "zh"
) -> Response:
    root = _root(actor, within)
    found = await _rows(rt, GuidanceRow, _GUIDANCE, root, 1, EVERYTHING)
    return _export(
        f"employment-guidance-{root}", "就业指导台帐", GUIDANCE_COLUMNS, found, language
    )


@router.get("/certificates")
async def certificate_register(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    which: InUse = "in_use",
    page: PageNo = 1,
    size: Size = 50,
) -> Page[CertificateRow]:
    """Certificates issued (失业证、再就业优惠证台帐), with each holder's status now."""
    return await _rows(
        rt, CertificateRow, _CERTIFICATES, _root(actor, within), page, size, which
    )


@router.get("/certificates/export")
async def export_certificate_register(
    rt: RuntimeDep,
    actor: Reader,
    within: Within = None,
    which: InUse = "in_use",
    language: Language = "zh",
) -> Response:
    root = _root(actor, within)
    found = await _rows(rt, CertificateRow, _CERTIFICATES, root, 1, EVERYTHING, which)
    return _export(
        f"employment-certificates-{root}",
        "证件台帐",
        CERTIFICATE_COLUMNS,
        found,
        language,
    )
