"""Documents over HTTP: print one (the answer is the file), and check a file.

``POST /disputes/{id}/documents`` renders the dispute's 人民调解协议书, 调解申请书,
调解记录 or 回访记录 as PDF or .docx, records its SHA-256 (``MediationDocumentIssued``)
and answers the file: the parties' data, so only the dispute's mediators print, and
each print is recorded as a read of the dispute (``DisputeRead``).
``POST /documents/check`` (the file) and ``GET /documents/{sha256}`` say whether a
file is one issued: its kind, format and date to any mediation reader; the dispute
and the number only to one who sees its parties (mediators, 司法所, in the subtree),
that answer recorded as a read.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, Field

from shequ.access import Acting, Actor
from shequ.contracts import DomainError
from shequ.contracts.mediation import MediationDocumentIssued, MediationDocumentKind
from shequ.contracts.messages import N_
from shequ.documents import (
    DOCUMENT_DOWNLOAD,
    FILE_UPLOAD,
    MEDIA_TYPES,
    SHA256_PATTERN,
    Format,
    digest,
    download_headers,
    read_at_most,
)
from shequ.mediation.api._access import load_dispute, writable
from shequ.mediation.api.disputes import DISPUTE
from shequ.mediation.domain.access import sees_parties
from shequ.mediation.handlers import documents as handle
from shequ.mediation.handlers.reads import record_reads
from shequ.mediation.readmodels.documents import IssuedRow, issued_with
from shequ.service import Reader, Runtime, RuntimeDep, Writer
from shequ.service.people import office_names
from shequ.webapi import RequestModel

router = APIRouter(prefix="/api/v1/mediation", tags=["documents"])
Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN)]


class IssueRequest(RequestModel):
    kind: MediationDocumentKind
    format: Format = "pdf"
    number: (
        Annotated[
            str, Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")
        ]
        | None
    ) = Field(
        None, description="the document's number; after the dispute's id if absent"
    )
    issued_on: date | None = Field(None, description="today if absent")


@router.post(
    f"{DISPUTE}/documents", response_class=Response, responses=DOCUMENT_DOWNLOAD
)
async def issue_document(
    dispute_id: str, body: IssueRequest, rt: RuntimeDep, actor: Writer
) -> Response:
    """Print a document of the dispute: the file, its SHA-256 recorded on it."""
    found = await writable(rt, actor, dispute_id)
    by = Acting.of(actor, rt.clock())
    issue = handle.Issue(
        kind=body.kind,
        format=body.format,
        number=body.number,
        issued_on=body.issued_on or by.today,
    )
    issued = await handle.issue_document(
        rt.store, by, dispute_id, found.events, found.version, issue
    )
    headers = download_headers(issued.document, body.format, issued.content)
    headers["ETag"] = f'"{issued.version}"'
    return Response(
        issued.content, media_type=MEDIA_TYPES[body.format], headers=headers
    )


class IssuedDocument(BaseModel):
    """One issue of the file checked; ``dispute_id`` and ``number`` if you may."""

    kind: MediationDocumentKind
    format: Format
    issued_on: date
    office: str
    office_name: str | None
    dispute_id: str | None
    number: str | None


class DocumentCheck(BaseModel):
    sha256: str
    recorded: bool = Field(description="the file is a document issued on a dispute")
    issued: list[IssuedDocument]


async def _shown(rt: Runtime, actor: Actor, row: IssuedRow) -> IssuedDocument:
    shown = IssuedDocument(
        kind=row.kind,
        format=row.format,
        issued_on=row.issued_on,
        office=row.office,
        office_name=(await office_names(rt.pool, [row.office])).get(row.office),
        dispute_id=None,
        number=None,
    )
    if not sees_parties(actor, row.office):
        return shown  # what the file itself says, no more
    found = await load_dispute(rt, row.dispute_id)
    event = found.events[row.version - 1]
    assert isinstance(event, MediationDocumentIssued)
    by = Acting.of(actor, rt.clock())
    await record_reads(
        rt.store, by, [(row.dispute_id, row.office)], ["documents"], "check a document"
    )
    return shown.model_copy(
        update={"dispute_id": row.dispute_id, "number": event.document_number}
    )


async def _check(rt: Runtime, actor: Actor, sha256: str) -> DocumentCheck:
    rows = await issued_with(rt.pool, sha256)
    issued = [await _shown(rt, actor, row) for row in rows]
    return DocumentCheck(sha256=sha256, recorded=bool(issued), issued=issued)


@router.get("/documents/{sha256}")
async def check_digest(sha256: Sha256, rt: RuntimeDep, actor: Reader) -> DocumentCheck:
    """Whether a file with this SHA-256 (hex) was issued, and as what."""
    return await _check(rt, actor, sha256)


@router.post("/documents/check", openapi_extra=FILE_UPLOAD)
async def check_file(request: Request, rt: RuntimeDep, actor: Reader) -> DocumentCheck:
    """Whether this file (the body, as sent) is a document issued, and as what."""
    content = await read_at_most(request.stream())
    if content is None:
        raise DomainError(
            N_("the file is larger than any document issued"), field="file"
        )
    return await _check(rt, actor, digest(content))
