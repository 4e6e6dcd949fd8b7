"""An uploaded ledger imported as a job that outlives its request (上传台帐).

The service reads the upload and checks its header and scope while the clerk waits
(a refusal answers at once, nothing written); then :func:`start_job` records the job
and runs the service's own import in this process, and the job's row (``_jobs``) says
how far it got: the clerk polls it and downloads the refused rows once it is done.
A job stopped half-way (its process ended) keeps what it committed; each service's
import is built so that uploading the file again adds the rest and nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from shequ.access import Acting
from shequ.contracts import NotFound
from shequ.contracts.ledgers import ImportResult, Row
from shequ.contracts.messages import N_
from shequ.eventstore import uuid7
from shequ.service._runtime import Runtime
from shequ.service.ledgers._jobs import (
    ImportJob,
    begin_job,
    fail_job,
    finish_job,
    record_progress,
)
from shequ.service.ledgers._streams import AfterBatch

MAX_UPLOAD = 20 * 1024 * 1024  # bytes: a 100,000-row ledger is about 10 MB as CSV
Work = Callable[[AfterBatch], Awaitable[ImportResult]]  # the service's import
log = logging.getLogger(__name__)


class ImportJobNotFound(NotFound):
    code = "import-job-not-found"
    title = N_("Import not found")

    def __init__(self) -> None:
        super().__init__(N_("no import under this id"), field="job_id")


async def start_job(
    runtime: Runtime,
    by: Acting,
    *,
    office: str,
    file_name: str,
    header: list[str],
    rows: list[Row],
    work: Work,
) -> ImportJob:
    """Record the job of an upload already read and checked, and begin ``work``.

    ``work(after_batch)`` imports ``rows`` and reports the counts after each batch
    it commits; the job keeps them, and each refused row's cells at the end.
    """
    job = ImportJob(
        job_id=str(uuid7()),
        office=office,
        staff_id=by.staff_id,
        file_name=file_name,
        status="running",
        total=len(rows),
        read=0,
        added=0,
        already_registered=0,
        refused=0,
        failure=None,
        started_at=runtime.clock(),
        finished_at=None,
    )
    await begin_job(runtime.pool, job, header)
    task = asyncio.create_task(_run(runtime, job, dict(rows), work))
    running: set[asyncio.Task[None]] = runtime.state.setdefault("import-jobs", set())
    running.add(task)  # held, so the task is not collected while it runs
    task.add_done_callback(running.discard)
    return job


async def _run(
    runtime: Runtime, job: ImportJob, cells: dict[int, list[str]], work: Work
) -> None:
    async def progress(counts: ImportResult) -> None:
        await record_progress(runtime.pool, job.job_id, counts)

    try:
        result = await work(progress)
        await finish_job(runtime.pool, job.job_id, result, cells, runtime.clock())
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await fail_job(runtime.pool, job.job_id, _STOPPED, runtime.clock())
        raise
    except Exception as error:
        # The job's row must say it stopped, or the clerk waits for ever; the
        # error itself is for the operator's log, not the clerk.
        log.exception("import job %s failed: %s", job.job_id, error)
        await fail_job(runtime.pool, job.job_id, _STOPPED, runtime.clock())


_STOPPED = N_(
    "the import stopped before its end: upload the file again to add the rest"
)
