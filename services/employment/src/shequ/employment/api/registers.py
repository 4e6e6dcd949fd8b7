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

from shequ.contracts.employment import (
    CERTIFICATE_KIND_LABELS,
    GUIDANCE_KIND_LABELS,
    LABOUR_STATUS_LABELS,
    TRAINING_KIND_LABELS,
    TRAINING_OUTCOME_LABELS,
)
from shequ.contracts.messages import N_
from shequ.employment.api._reading import (
    EVERYTHING,
    PageNo,
    Size,
    Subtree,
    export,
    sheet,
)
from shequ.employment.domain.unemployment import CERTIFICATE_STATE_LABELS
from shequ.employment.readmodels import registers
from shequ.service import Page, Reader, ReaderLanguage, RuntimeDep
from shequ.webapi.sheets import EXCEL_DOWNLOAD, Column

router = APIRouter(prefix="/api/v1/employment/ledgers", tags=["registers"])

_WHO = [
    Column("name", N_("Full name")),
    Column("document_masked", N_("ID card number"), kind="id"),
    Column("office", N_("Community"), kind="id"),
]
TRAINING_COLUMNS = [
    *_WHO,
    Column("kind", N_("Kind of training"), labels=TRAINING_KIND_LABELS),
    Column("course", N_("Course")),
    Column("provider", N_("Training provider")),
    Column("referred_on", N_("Referred on"), kind="date"),
    Column("outcome", N_("Training outcome"), labels=TRAINING_OUTCOME_LABELS),
    Column("recorded_on", N_("Outcome recorded on"), kind="date"),
    Column("certificate", N_("Certificate number"), kind="id"),
]
GUIDANCE_COLUMNS = [
    *_WHO,
    Column("kind", N_("Kind of guidance"), labels=GUIDANCE_KIND_LABELS),
    Column("given_on", N_("Date"), kind="date"),
    Column("given_by", N_("Given by")),
    Column("notes", N_("What was said or done")),
]
CERTIFICATE_COLUMNS = [
    Column("number", N_("Certificate number"), kind="id"),
    Column("kind", N_("Kind of certificate"), labels=CERTIFICATE_KIND_LABELS),
    *_WHO,
    Column("state", N_("State"), labels=CERTIFICATE_STATE_LABELS),
    Column("issued_on", N_("Issued on"), kind="date"),
    Column("returned_on", N_("Returned on"), kind="date"),
    Column("cancelled_on", N_("Cancelled on"), kind="date"),
    Column("labour_status", N_("Labour status"), labels=LABOUR_STATUS_LABELS),
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


@router.get("/trainings/export", response_class=Response, responses=EXCEL_DOWNLOAD)
async def export_training_register(
    rt: RuntimeDep,
    actor: Reader,
    root: Subtree,
    language: ReaderLanguage,
    which: Pending = "all",
) -> Response:
    """The training register as an Excel workbook (培训台帐)."""
    found = await registers.trainings(
        rt.pool, root.subtree_prefix, which, page=1, size=EVERYTHING
    )
    name = f"employment-trainings-{root}.xlsx"
    sheets = [sheet(N_("Training register"), TRAINING_COLUMNS, found.items)]
    return await export(rt, actor, root, name, sheets, language)


@router.get("/guidance")
async def guidance_register(
    rt: RuntimeDep, root: Subtree, page: PageNo = 1, size: Size = 50
) -> Page[registers.GuidanceRow]:
    """Guidance and policy consultations given (就业指导台帐)."""
    return await registers.guidance(rt.pool, root.subtree_prefix, page=page, size=size)


@router.get("/guidance/export", response_class=Response, responses=EXCEL_DOWNLOAD)
async def export_guidance_register(
    rt: RuntimeDep, actor: Reader, root: Subtree, language: ReaderLanguage
) -> Response:
    """The guidance register as an Excel workbook (就业指导台帐)."""
    found = await registers.guidance(
        rt.pool, root.subtree_prefix, page=1, size=EVERYTHING
    )
    name = f"employment-guidance-{root}.xlsx"
    sheets = [sheet(N_("Guidance register"), GUIDANCE_COLUMNS, found.items)]
    return await export(rt, actor, root, name, sheets, language)


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


@router.get("/certificates/export", response_class=Response, responses=EXCEL_DOWNLOAD)
async def export_certificate_register(
    rt: RuntimeDep,
    actor: Reader,
    root: Subtree,
    language: ReaderLanguage,
    which: InUse = "in_use",
) -> Response:
    """The certificate register as an Excel workbook (证件台帐)."""
    found = await registers.certificates(
        rt.pool, root.subtree_prefix, which, page=1, size=EVERYTHING
    )
    name = f"employment-certificates-{root}.xlsx"
    sheets = [sheet(N_("Certificate register"), CERTIFICATE_COLUMNS, found.items)]
    return await export(rt, actor, root, name, sheets, language)
