"""Importing an uploaded ledger (上传台帐) as a job that outlives its request.

The upload is read and its header and office checked while the clerk waits: a file
that cannot be read, or an office refused, answers at once and nothing is written.
Then the rows go in as a job in this process, batch by batch exactly as
``shequ-registry import`` loads them (handlers/ledger_import), and the job's row
(readmodels/import_jobs.py) says how far it got; the clerk polls it and downloads
the refused rows once it is done. Each row is one person's file, claimed by its
document number in its batch's transaction, so a batch goes in whole or not at all
and an upload of the same file again adds nobody twice (see
test_uploading_the_same_ledger_again_adds_nobody).

A job stopped half-way (its process ended) keeps the batches it committed; uploading
the file again adds the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from shequ.access import Acting
from shequ.contracts import NotFound
from shequ.contracts.messages import N_
from shequ.eventstore import uuid7
from shequ.registry.domain.ledger_import import ImportResult
from shequ.registry.handlers.ledger_import import (
    Ledger,
    check_office,
    import_rows,
    open_ledger,
)
from shequ.registry.readmodels.import_jobs import (
    ImportJob,
    begin_job,
    fail_job,
    finish_job,
    record_progress,
)
from shequ.service import Runtime

MAX_UPLOAD = 20 * 1024 * 1024  # bytes: a 100,000-row ledger is about 10 MB as CSV
log = logging.getLogger(__name__)


class ImportJobNotFound(NotFound):
    code = "import-job-not-found"
    title = N_("Import not found")

    def __init__(self) -> None:
        super().__init__(N_("no import under this id"), field="job_id")


async def start_import(
    runtime: Runtime, by: Acting, *, office: str, file_name: str, data: bytes
) -> ImportJob:
    """Accept an uploaded ledger for ``office`` and begin importing it.

    Raises ``ImportRefused`` (422 naming ``file`` or ``office``), having written
    nothing, when the file cannot be read or lacks a required column, or the office
    is not an open residents' office of ``by``'s subtree.
    """
    # Reading a large workbook takes seconds of CPU: not on the event loop.
    ledger = await asyncio.to_thread(open_ledger, data, file_name)
    await check_office(runtime.store, office, by)
    job = ImportJob(
        job_id=str(uuid7()),
        office=office,
        staff_id=by.staff_id,
        file_name=file_name,
        status="running",
        total=len(ledger.rows),
        read=0,
        added=0,
        already_registered=0,
        refused=0,
        failure=None,
        started_at=runtime.clock(),
        finished_at=None,
    )
    await begin_job(runtime.pool, job, ledger.header)
    task = asyncio.create_task(_run(runtime, job, ledger, by))
    running: set[asyncio.Task[None]] = runtime.state.setdefault("import-jobs", set())
    running.add(task)  # held, so the task is not collected while it runs
    task.add_done_callback(running.discard)
    return job


async def _run(runtime: Runtime, job: ImportJob, ledger: Ledger, by: Acting) -> None:
    async def progress(counts: ImportResult) -> None:
        await record_progress(runtime.pool, job.job_id, counts)

    try:
        result = await import_rows(
            runtime.store, ledger, office=job.office, by=by, after_batch=progress
        )
        cells = dict(ledger.rows)
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
