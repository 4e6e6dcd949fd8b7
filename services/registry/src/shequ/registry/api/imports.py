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

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.datastructures import UploadFile

from shequ.access import Acting, china_date
from shequ.contracts import DomainError
from shequ.contracts.messages import N_, Msg
from shequ.i18n import Language, render, translate
from shequ.registry.domain.access import ACCESS
from shequ.registry.domain.ledger_import._columns import HEADERS
from shequ.registry.domain.rules import office_code
from shequ.registry.handlers.import_jobs import (
    MAX_UPLOAD,
    ImportJobNotFound,
    start_import,
)
from shequ.registry.readmodels.import_jobs import (
    ImportJob,
    RefusedRow,
    RefusedRows,
    job_of,
    refused_rows_of,
)
from shequ.service import ReaderLanguage, RuntimeDep, Writer, heading
from shequ.webapi import PROBLEM_MEDIA_TYPE, Problem
from shequ.webapi.sheets import (
    EXCEL_OR_CSV_DOWNLOAD,
    Column,
    Sheet,
    csv_response,
    excel_response,
)

router = APIRouter(prefix="/api/v1/registry", tags=["imports"])
_PROBLEM = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
_UPLOAD: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "office"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "the ledger: .xlsx, or .csv in UTF-8 or GBK",
                        },
                        "office": {
                            "type": "string",
                            "pattern": "^[0-9]{12}$",
                            "description": "the community or grid its residents are of",
                        },
                    },
                }
            }
        },
    }
}
JobId = Annotated[str, Path(pattern=r"^[0-9A-Za-z-]{1,40}$")]


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
    _bounded(request)
    # Closed on leaving: the upload's spooled file goes with it.
    async with request.form(max_files=1, max_fields=2) as form:
        office, upload = form.get("office"), form.get("file")
        if not isinstance(upload, UploadFile):
            raise DomainError(N_("attach the ledger as the file field"), field="file")
        if not isinstance(office, str):
            raise DomainError(
                N_("name the office the residents belong to"), field="office"
            )
        code = _office(office)
        ACCESS.may_write(actor, code)
        name = _file_name(upload.filename)
        data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise _too_large()
    job = await start_import(
        rt, Acting.of(actor, rt.clock()), office=code, file_name=name, data=data
    )
    response.headers["Location"] = f"{router.prefix}/imports/{job.job_id}"
    return job


def _bounded(request: Request) -> None:
    """Refuse an upload that says it is too large before reading any of it."""
    length = request.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > MAX_UPLOAD + 64 * 1024:  # + form framing
        raise _too_large()


def _too_large() -> Problem:
    return Problem(
        413,
        N_("Upload too large"),
        N_("a ledger may be at most {megabytes} MB: split the file"),
        slug="upload-too-large",
        params={"megabytes": MAX_UPLOAD // (1024 * 1024)},
    )


def _file_name(given: str | None) -> str:
    """The name the file came with, as text safe to store and show."""
    name = "".join(c for c in given or "" if c.isprintable())[:200]
    return name or "ledger"


def _office(text: str) -> str:
    return str(office_code(text, "office"))


async def _job(rt: RuntimeDep, actor: Writer, job_id: str) -> ImportJob:
    job = await job_of(rt.pool, job_id)
    if job is None:
        raise ImportJobNotFound
    ACCESS.may_write(actor, job.office, unknown=ImportJobNotFound())
    return job


@router.get("/imports/{job_id}")
async def progress(
    job_id: JobId, rt: RuntimeDep, actor: Writer, language: ReaderLanguage
) -> ImportJob:
    """How far an import got: rows read, added, already registered, refused.

    ``failure`` says in the reader's language why a job stopped.
    """
    job = await _job(rt, actor, job_id)
    if job.failure is None:
        return job
    return job.model_copy(update={"failure": translate(job.failure, language)})


@router.get(
    "/imports/{job_id}/refused",
    response_class=Response,
    responses=EXCEL_OR_CSV_DOWNLOAD,
)
async def refused(
    job_id: JobId,
    rt: RuntimeDep,
    actor: Writer,
    language: ReaderLanguage,
    format: Annotated[Literal["csv", "xlsx"], Query()] = "csv",
) -> Response:
    """The refused rows: the row number, the file's cells, the reasons.

    CSV by default, an Excel workbook with ``format=xlsx``; headers and reasons in
    the reader's language. Complete once the job's status is ``done``; empty of rows
    before.
    """
    job = await _job(rt, actor, job_id)
    found = await refused_rows_of(rt.pool, job.job_id)
    assert found is not None
    sheet = _refused_sheet(found, language)
    name = f"refused-{job.job_id}"
    if format == "csv":
        return await csv_response(f"{name}.csv", sheet, language)
    day = china_date(rt.clock())
    top = await heading(rt, actor, job.office, day)
    return await excel_response(f"{name}.xlsx", [sheet], top, language)


def _refused_sheet(found: RefusedRows, language: Language) -> Sheet:
    """The file's own header (its words as the clerk wrote them), the row, why."""
    columns = [
        Column("row", N_("row"), kind="number"),
        *(
            Column(f"cell-{i}", Msg(header), kind="id")
            for i, header in enumerate(found.header)
        ),
        Column("problems", N_("problems")),
    ]
    width = len(found.header)
    rows = (
        [row.row, *(row.cells + [""] * width)[:width], _reasons(row, language)]
        for row in found.rows
    )
    return Sheet(N_("Refused rows of a ledger import"), columns, rows)


def _reasons(row: RefusedRow, language: Language) -> str:
    colon, semicolon = ("：", "；") if language == "zh" else (": ", "; ")
    said = []
    for problem in row.problems:
        template, params = problem.said()
        field = problem.field
        if language == "zh" and field in HEADERS:
            field = HEADERS[field][0]  # the column as Chinese ledgers head it
        said.append(f"{field}{colon}{render(template, params, language)}")
    return semicolon.join(said)
