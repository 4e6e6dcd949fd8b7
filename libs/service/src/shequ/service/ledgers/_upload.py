"""The HTTP side of a ledger import: the upload, its job, its refused rows.

Every service that imports a ledger answers the same way: ``POST …/imports`` reads
the multipart upload (:func:`read_upload`, at most :data:`MAX_UPLOAD` bytes),
``GET …/imports/{id}`` shows the job (:func:`shown_job`) to writers of its office
(:func:`job_for`), and ``GET …/imports/{id}/refused`` gives the refused rows as they
were in the file with the reasons in the reader's language (:func:`refused_download`,
CSV or an Excel workbook).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import Request, Response
from starlette.datastructures import UploadFile

from shequ.access import AccessRules, Acting, Actor, china_date
from shequ.contracts import DomainError
from shequ.contracts.ledgers import Headers, ImportResult, Ledger
from shequ.contracts.messages import N_, Msg
from shequ.i18n import Language, render, translate
from shequ.service._language import heading
from shequ.service._runtime import Runtime
from shequ.service.ledgers._jobs import (
    ImportJob,
    RefusedRow,
    RefusedRows,
    job_of,
    refused_rows_of,
)
from shequ.service.ledgers._runner import MAX_UPLOAD, ImportJobNotFound, start_job
from shequ.service.ledgers._streams import AfterBatch
from shequ.webapi import Problem
from shequ.webapi.sheets import Column, Sheet, csv_response, excel_response


@dataclass(frozen=True)
class Upload:
    """An uploaded ledger: its name as safe text, its bytes, the form's other fields."""

    name: str
    data: bytes
    fields: dict[str, str]


def upload_body(**fields: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI request body of an upload: ``file`` and the ``fields`` given."""
    properties = {
        "file": {
            "type": "string",
            "format": "binary",
            "description": "the ledger: .xlsx, or .csv in UTF-8 or GBK",
        },
        **fields,
    }
    schema = {"type": "object", "required": list(properties), "properties": properties}
    content = {"multipart/form-data": {"schema": schema}}
    return {"requestBody": {"required": True, "content": content}}


async def read_upload(request: Request, *fields: str) -> Upload:
    """The ledger of a multipart upload (field ``file``) and its text ``fields``.

    A file larger than :data:`MAX_UPLOAD` is refused (413) before or while it is
    read; a missing file is a 422 naming ``file``.
    """
    _bounded(request)
    # Closed on leaving: the upload's spooled file goes with it.
    async with request.form(max_files=1, max_fields=len(fields) + 1) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise DomainError(N_("attach the ledger as the file field"), field="file")
        given = {f: v for f in fields if isinstance(v := form.get(f), str)}
        name = _file_name(upload.filename)
        data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise _too_large()
    return Upload(name, data, given)


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


async def job_for(
    rt: Runtime, actor: Actor, job_id: str, access: AccessRules
) -> ImportJob:
    """The job ``job_id``, to a writer of its office; else 404 as for no such job."""
    job = await job_of(rt.pool, job_id)
    if job is None:
        raise ImportJobNotFound
    access.may_write(actor, job.office, unknown=ImportJobNotFound())
    return job


def shown_job(job: ImportJob, language: Language) -> ImportJob:
    """The job with ``failure`` said in the reader's language."""
    if job.failure is None:
        return job
    return job.model_copy(update={"failure": translate(job.failure, language)})


async def refused_download(
    rt: Runtime,
    actor: Actor,
    job: ImportJob,
    *,
    headers: Headers,
    language: Language,
    format: Literal["csv", "xlsx"],
) -> Response:
    """The refused rows of ``job``: row number, the file's cells, the reasons.

    A field named in a reason is shown by its first header in ``headers`` (the
    column as Chinese ledgers head it) to a Chinese reader.
    """
    found = await refused_rows_of(rt.pool, job.job_id)
    assert found is not None
    sheet = _refused_sheet(found, headers, language)
    name = f"refused-{job.job_id}"
    if format == "csv":
        return await csv_response(f"{name}.csv", sheet, language)
    top = await heading(rt, actor, job.office, china_date(rt.clock()))
    return await excel_response(f"{name}.xlsx", [sheet], top, language)


def _refused_sheet(found: RefusedRows, headers: Headers, language: Language) -> Sheet:
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
        [row.row, *(row.cells + [""] * width)[:width], _reasons(row, headers, language)]
        for row in found.rows
    )
    return Sheet(N_("Refused rows of a ledger import"), columns, rows)


def _reasons(row: RefusedRow, headers: Headers, language: Language) -> str:
    colon, semicolon = ("：", "；") if language == "zh" else (": ", "; ")
    said = []
    for problem in row.problems:
        template, params = problem.said()
        field = problem.field
        if language == "zh" and field in headers:
            field = headers[field][0]
        said.append(f"{field}{colon}{render(template, params, language)}")
    return semicolon.join(said)


async def start_upload(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    response: Response,
    *,
    prefix: str,
    open_ledger: Callable[[bytes, str], Ledger],
    run: Callable[[Ledger, Acting, AfterBatch], Awaitable[ImportResult]],
) -> ImportJob:
    """The upload read, its header found, its job begun: 202's body and Location.

    ``open_ledger`` reads the file (refusing it whole, before anything is written);
    ``run(ledger, by, after_batch)`` is the service's import. The job is the office's
    of ``actor``; its address is under ``prefix``.
    """
    upload = await read_upload(request)
    # Reading a large workbook takes seconds of CPU: not on the event loop.
    ledger = await asyncio.to_thread(open_ledger, upload.data, upload.name)
    by = Acting.of(actor, runtime.clock())
    job = await start_job(
        runtime,
        by,
        office=str(actor.office),
        file_name=upload.name,
        header=ledger.header,
        rows=ledger.rows,
        work=lambda after_batch: run(ledger, by, after_batch),
    )
    response.headers["Location"] = f"{prefix}/imports/{job.job_id}"
    return job
