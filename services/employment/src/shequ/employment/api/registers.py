"""Registers (台帐) of what employment records beside the status ledgers.

The training register (培训台帐), the guidance register (就业指导台帐) and the
certificate register (失业证、再就业优惠证台帐), each paged within the reader's subtree
and exportable to Excel. People are listed under the office they live in now (the
registry copy); the certificate register shows each holder's labour status, so a
certificate still in use by someone back at work stands out.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from shequ.employment.api._reading import EVERYTHING, PageNo, Size, Subtree, export
from shequ.employment.readmodels import registers
from shequ.service import Page, RuntimeDep
from shequ.webapi import Column, Language

router = APIRouter(prefix="/api/v1/employment/ledgers", tags=["registers"])

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


Pending = Annotated[registers.Pending, Query(description="no outcome yet, or all")]
InUse = Annotated[registers.InUse, Query(description="in use, or all")]


@router.get("/trainings")
async def training_register(
    rt: RuntimeDep,
    root: Subtree,
    which: Pending = "all",
    page: PageNo = 1,
    size: Size = 50,
) -> Page[registers.TrainingRow]:
    """Training referrals and their outcomes (培训台帐)."""
    prefix = root.subtree_prefix
    return await registers.trainings(rt.pool, prefix, which, page=page, size=size)


@router.get("/trainings/export")
async def export_training_register(
    rt: RuntimeDep, root: Subtree, which: Pending = "all", language: Language = "zh"
) -> Response:
    found = await registers.trainings(
        rt.pool, root.subtree_prefix, which, page=1, size=EVERYTHING
    )
    name = f"employment-trainings-{root}.xlsx"
    return export(name, "培训台帐", TRAINING_COLUMNS, found.items, language)


@router.get("/guidance")
async def guidance_register(
    rt: RuntimeDep, root: Subtree, page: PageNo = 1, size: Size = 50
) -> Page[registers.GuidanceRow]:
    """Guidance and policy consultations given (就业指导台帐)."""
    return await registers.guidance(rt.pool, root.subtree_prefix, page=page, size=size)


@router.get("/guidance/export")
async def export_guidance_register(
    rt: RuntimeDep, root: Subtree, language: Language = "zh"
) -> Response:
    found = await registers.guidance(
        rt.pool, root.subtree_prefix, page=1, size=EVERYTHING
    )
    name = f"employment-guidance-{root}.xlsx"
    return export(name, "就业指导台帐", GUIDANCE_COLUMNS, found.items, language)


@router.get("/certificates")
async def certificate_register(
    rt: RuntimeDep,
    root: Subtree,
    which: InUse = "in_use",
    page: PageNo = 1,
    size: Size = 50,
) -> Page[registers.CertificateRow]:
    """Certificates issued (失业证、再就业优惠证台帐), with each holder's status now."""
    prefix = root.subtree_prefix
    return await registers.certificates(rt.pool, prefix, which, page=page, size=size)


@router.get("/certificates/export")
async def export_certificate_register(
    rt: RuntimeDep, root: Subtree, which: InUse = "in_use", language: Language = "zh"
) -> Response:
    found = await registers.certificates(
        rt.pool, root.subtree_prefix, which, page=1, size=EVERYTHING
    )
    name = f"employment-certificates-{root}.xlsx"
    return export(name, "证件台帐", CERTIFICATE_COLUMNS, found.items, language)
