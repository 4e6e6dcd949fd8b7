"""Uploading an office's people's mediation ledger (上传人民调解台帐) as an import job.

``POST /imports`` takes the file (multipart field ``file``, .xlsx or .csv) and
answers 202 with the job's address once the file is read and its header found;
``GET /imports/{id}`` shows how far it got and ``GET /imports/{id}/refused`` gives
the refused rows as they were in the file with the reasons in the reader's language
(``shequ.service.ledgers``, as rehab's case ledger). Only mediators import, each into
their own office's committee; only writers of that office see the job.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from shequ.access import Acting, china_date
from shequ.contracts.ledgers import ImportResult, Ledger
from shequ.contracts.messages import N_, Msg
from shequ.mediation.domain.access import ACCESS
from shequ.mediation.domain.ledger import HEADERS, SAMPLE
from shequ.mediation.handlers.ledger_import import import_ledger, open_ledger
from shequ.mediation.settings import Settings
from shequ.service import ReaderLanguage, RuntimeDep, Writer, heading
from shequ.service.ledgers import (
    MAX_UPLOAD,
    AfterBatch,
    ImportJob,
    add_job_routes,
    start_upload,
    upload_body,
)
from shequ.webapi import PROBLEM_MEDIA_TYPE
from shequ.webapi.sheets import (
    EXCEL_DOWNLOAD,
    Column,
    ColumnKind,
    Sheet,
    excel_response,
)

router = APIRouter(prefix="/api/v1/mediation", tags=["imports"])
_PROBLEM = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}


@router.post(
    "/imports",
    status_code=202,
    openapi_extra=upload_body(),
    responses={
        413: {"description": f"Larger than {MAX_UPLOAD:,} bytes", "content": _PROBLEM}
    },
)
async def upload(
    request: Request,
    rt: RuntimeDep,
    actor: Writer,
    settings: Settings,
    response: Response,
) -> ImportJob:
    """Import a mediation ledger: 202 and the job's address once the file is read.

    A file that cannot be read or lacks a required column is refused at once (422
    naming ``file``) and nothing is written. Every row is decided before any is
    written; a row's events go in whole or not at all; a row whose 编号 is already
    on file counts as such, so uploading the same file again adds nothing twice. A
    mediator not serving on your committee is refused.
    """
    rules = settings.rules()

    async def run(ledger: Ledger, by: Acting, after_batch: AfterBatch) -> ImportResult:
        return await import_ledger(
            rt.store, ledger, by=by, rules=rules, after_batch=after_batch
        )

    return await start_upload(
        request,
        rt,
        actor,
        response,
        prefix=router.prefix,
        open_ledger=open_ledger,
        run=run,
    )


@router.get("/imports/sample", response_class=Response, responses=EXCEL_DOWNLOAD)
async def sample(rt: RuntimeDep, actor: Writer, language: ReaderLanguage) -> Response:
    """A sample mediation ledger (台帐样表): the columns as offices head them.

    Declared before the job's routes, whose ``{job_id}`` would otherwise take it.
    """
    columns = [
        Column(field, Msg(names[0]), kind=_KINDS.get(field, "text"))
        for field, names in HEADERS.items()
    ]
    rows = ([row[field] for field in HEADERS] for row in SAMPLE)
    sheet = Sheet(N_("Sample people's mediation ledger"), columns, rows)
    top = await heading(rt, actor, str(actor.office), china_date(rt.clock()))
    return await excel_response("mediation-ledger-sample.xlsx", [sheet], top, language)


_KINDS: dict[str, ColumnKind] = {
    "number": "id",
    "phones": "id",
    "received_on": "date",
    "mediated_on": "date",
    "due_on": "date",
    "visited_on": "date",
    "closed_on": "date",
    "amount": "number",
    "agreed_amount": "number",
}

add_job_routes(router, ACCESS, HEADERS)
