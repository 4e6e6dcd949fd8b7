"""The routes of an import's job, the same in every importing service.

``GET {prefix}/imports/{job_id}`` (how far it got) and ``GET
{prefix}/imports/{job_id}/refused`` (the refused rows to correct and upload again),
for the writers of the job's office; the upload itself (``POST {prefix}/imports``)
is each service's own, since what it takes besides the file differs.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from shequ.access import AccessRules
from shequ.contracts.ledgers import Headers
from shequ.service._access import Writer
from shequ.service._app import RuntimeDep
from shequ.service._language import ReaderLanguage
from shequ.service.ledgers._jobs import ImportJob
from shequ.service.ledgers._upload import job_for, refused_download, shown_job
from shequ.webapi.sheets import EXCEL_OR_CSV_DOWNLOAD

JobId = Annotated[str, Path(pattern=r"^[0-9A-Za-z-]{1,40}$")]


def add_job_routes(router: APIRouter, access: AccessRules, headers: Headers) -> None:
    """Add the job's two routes to ``router``; ``headers`` name the ledger's columns."""

    @router.get("/imports/{job_id}")
    async def progress(
        job_id: JobId, rt: RuntimeDep, actor: Writer, language: ReaderLanguage
    ) -> ImportJob:
        """How far an import got: rows read, added, already on file, refused.

        ``failure`` says in the reader's language why a job stopped.
        """
        return shown_job(await job_for(rt, actor, job_id, access), language)

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

        CSV by default, an Excel workbook with ``format=xlsx``; headers and reasons
        in the reader's language. Complete once the job's status is ``done``; empty
        of rows before.
        """
        job = await job_for(rt, actor, job_id, access)
        return await refused_download(
            rt, actor, job, headers=headers, language=language, format=format
        )
