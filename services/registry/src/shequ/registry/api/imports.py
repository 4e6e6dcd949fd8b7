"""Uploading a resident ledger (上传台帐): an import job, its progress, refused rows.

``POST /imports`` takes the file (multipart field ``file``, .xlsx or .csv) and the
``office`` its residents belong to, and answers 202 with the job's address as soon
as the file is read and checked; ``GET /imports/{id}`` shows how far it got, and
``GET /imports/{id}/refused`` gives the refused rows as they were in the file, with
the reasons in the reader's language, to correct and upload again (CSV, or an Excel
workbook with ``?format=xlsx``). The rules are the command line's
(``shequ-registry import``). Only writers of the office see its jobs.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from shequ.access import Acting
from shequ.contracts import DomainError
from shequ.contracts.messages import N_
from shequ.registry.domain.access import ACCESS
from shequ.registry.domain.ledger_import._columns import HEADERS
from shequ.registry.domain.rules import office_code
from shequ.registry.handlers.import_jobs import start_import
from shequ.service import RuntimeDep, Writer
from shequ.service.ledgers import (
    MAX_UPLOAD,
    ImportJob,
    add_job_routes,
    read_upload,
    upload_body,
)
from shequ.webapi import PROBLEM_MEDIA_TYPE

router = APIRouter(prefix="/api/v1/registry", tags=["imports"])
_PROBLEM = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
_UPLOAD = upload_body(
    office={
        "type": "string",
        "pattern": "^[0-9]{12}$",
        "description": "the community or grid its residents are of",
    }
)


@router.post(
    "/imports",
    status_code=202,
    openapi_extra=_UPLOAD,
    responses={
        413: {"description": f"Larger than {MAX_UPLOAD:,} bytes", "content": _PROBLEM}
    },
)
async def upload(
    request: Request, rt: RuntimeDep, actor: Writer, response: Response
) -> ImportJob:
    """Import a resident ledger: 202 and the job's address once the file is read.

    A file that cannot be read or lacks a required column, or an office that is not
    an open community or grid, is refused at once (422 naming ``file`` or
    ``office``) and nothing is written. Rows go in each whole or not at all; a row
    whose document is already on file counts as already registered, so uploading
    the same file again adds nobody twice.
    """
    upload = await read_upload(request, "office")
    office = upload.fields.get("office")
    if office is None:
        raise DomainError(N_("name the office the residents belong to"), field="office")
    code = str(office_code(office, "office"))
    ACCESS.may_write(actor, code)
    job = await start_import(
        rt,
        Acting.of(actor, rt.clock()),
        office=code,
        file_name=upload.name,
        data=upload.data,
    )
    response.headers["Location"] = f"{router.prefix}/imports/{job.job_id}"
    return job


add_job_routes(router, ACCESS, HEADERS)
