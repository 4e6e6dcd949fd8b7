"""Documents over HTTP: print one (the answer is the file), and check a file.

``POST /cases/{id}/documents`` renders the case's 协议书, 尿检委托协议书 or 告诫书 as
PDF or .docx, records its SHA-256 (``RehabDocumentIssued``) and the read, and
answers the file. ``POST /documents/check`` (the file) and ``GET /documents/{sha256}``
say whether a file is one issued: its kind, format and date to any rehab reader who
holds it; the case and the number only to one who may read that case (recorded).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, Actor
from shequ.contracts import DomainError, NotFound, NotYet
from shequ.contracts.messages import N_
from shequ.contracts.rehab import DocumentFormat, DocumentKind, RehabDocumentIssued
from shequ.documents import (
    DOCUMENT_DOWNLOAD,
    FILE_UPLOAD,
    MEDIA_TYPES,
    SHA256_PATTERN,
    digest,
    download_headers,
    read_at_most,
)
from shequ.rehab.api._access import readable_case, writable_case
from shequ.rehab.handlers import documents as handle
from shequ.rehab.handlers import reads as record
from shequ.rehab.readmodels import CASES
from shequ.rehab.readmodels.documents import IssuedRow, issued_with
from shequ.rehab.settings import Settings
from shequ.service import RestrictedReader, Runtime, RuntimeDep, Writer
from shequ.service.people import office_names
from shequ.webapi import RequestModel

router = APIRouter(prefix="/api/v1/rehab", tags=["documents"])
Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN)]


class IssueRequest(RequestModel):
    kind: DocumentKind
    format: DocumentFormat = "pdf"
    number: (
        Annotated[
            str, Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")
        ]
        | None
    ) = Field(None, description="the document's number; the agreement's by default")
    issued_on: date | None = Field(None, description="today if absent")
    warning: int | None = Field(
        None, ge=1, description="which warning (告诫书), from 1; the latest if absent"
    )


@router.post(
    "/cases/{case_id}/documents", response_class=Response, responses=DOCUMENT_DOWNLOAD
)
async def issue_document(
    case_id: str, body: IssueRequest, rt: RuntimeDep, actor: Writer, settings: Settings
) -> Response:
    """Print a document of the case: the file, its SHA-256 recorded on the case."""
    found = await writable_case(rt, actor, case_id)
    by = Acting.of(actor, rt.clock())
    issue = handle.Issue(
        kind=body.kind,
        format=body.format,
        number=body.number,
        issued_on=body.issued_on or by.today,
        warning_no=body.warning,
    )
    issued = await handle.issue_document(
        rt.store, by, case_id, found.events, found.head.version, issue, settings.rules()
    )
    headers = download_headers(issued.document, body.format, issued.content)
    headers["ETag"] = f'"{issued.version}"'
    return Response(
        issued.content, media_type=MEDIA_TYPES[body.format], headers=headers
    )


class IssuedDocument(BaseModel):
    """One issue of the file checked; ``case_id`` and ``number`` if you may read it."""

    kind: DocumentKind
    format: DocumentFormat
    issued_on: date
    office: str
    office_name: str | None
    case_id: str | None
    number: str | None


class DocumentCheck(BaseModel):
    sha256: str
    recorded: bool = Field(description="the file is a document issued on a case")
    issued: list[IssuedDocument]


async def _shown(rt: Runtime, actor: Actor, row: IssuedRow) -> IssuedDocument:
    shown = IssuedDocument(
        kind=row.kind,
        format=row.format,
        issued_on=row.issued_on,
        office=row.office,
        office_name=(await office_names(rt.pool, [row.office])).get(row.office),
        case_id=None,
        number=None,
    )
    try:
        found, glass = await readable_case(rt, actor, row.case_id, rt.clock())
    except NotFound:
        return shown  # a case you may not read: what the file itself says, no more
    event = next(
        e
        for env, e in zip(found.envelopes, found.events, strict=True)
        if env.version == row.version
    )
    assert isinstance(event, RehabDocumentIssued)
    await record.record_reads(
        rt.store,
        Acting.of(actor, rt.clock()),
        [(row.case_id, found.state.office)],
        ["documents"],
        "check a document",
        break_glass=glass is not None,
    )
    return shown.model_copy(
        update={"case_id": row.case_id, "number": event.document_number}
    )


CATCH_UP = 5.0
"""Seconds a check that found nothing waits for the documents table to catch up."""


async def _issued(rt: Runtime, sha256: str) -> list[IssuedRow]:
    """The documents issued with this digest, counting every one printed until now.

    The table is a projection, a moment behind the store: a file printed just before
    its check would read as not issued. So "none" is answered only once the table
    holds every event recorded before the question.
    """
    rows = await issued_with(rt.pool, sha256)
    if rows:
        return rows
    last = await rt.store.last_place()
    if last is None:
        return rows
    if not await rt.runners[CASES].wait_past("rehab", last, CATCH_UP):
        raise NotYet(
            N_("documents just issued are still being recorded; try again shortly"),
            field="file",
        )
    return await issued_with(rt.pool, sha256)


async def _check(rt: Runtime, actor: Actor, sha256: str) -> DocumentCheck:
    rows = await _issued(rt, sha256)
    issued = [await _shown(rt, actor, row) for row in rows]
    return DocumentCheck(sha256=sha256, recorded=bool(issued), issued=issued)


@router.get("/documents/{sha256}")
async def check_digest(
    sha256: Sha256, rt: RuntimeDep, actor: RestrictedReader
) -> DocumentCheck:
    """Whether a file with this SHA-256 (hex) was issued, and as what."""
    return await _check(rt, actor, sha256)


@router.post("/documents/check", openapi_extra=FILE_UPLOAD)
async def check_file(
    request: Request, rt: RuntimeDep, actor: RestrictedReader
) -> DocumentCheck:
    """Whether this file (the body, as sent) is a document issued, and as what."""
    content = await read_at_most(request.stream())
    if content is None:
        raise DomainError(
            N_("the file is larger than any document issued"), field="file"
        )
    return await _check(rt, actor, digest(content))
