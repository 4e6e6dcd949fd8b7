"""Importing an uploaded ledger (上传台帐) as a job that outlives its request.

The upload is read and its header and office checked while the clerk waits: a file
that cannot be read, or an office refused, answers at once and nothing is written.
Then the rows go in as a job in this process (``shequ.service.ledgers.start_job``),
batch by batch exactly as ``shequ-registry import`` loads them
(handlers/ledger_import), and the job's row says how far it got; the clerk polls it
and downloads the refused rows once it is done. Each row is one person's file,
claimed by its document number in its batch's transaction, so a batch goes in whole
or not at all and an upload of the same file again adds nobody twice (see
test_uploading_the_same_ledger_again_adds_nobody).

A job stopped half-way (its process ended) keeps the batches it committed; uploading
the file again adds the rest.
"""

from __future__ import annotations

import asyncio
from functools import partial

from shequ.access import Acting
from shequ.registry.handlers.ledger_import import check_office, import_rows, open_ledger
from shequ.service import Runtime
from shequ.service.ledgers import ImportJob, start_job


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
    work = partial(import_rows, runtime.store, ledger, office=office, by=by)
    return await start_job(
        runtime,
        by,
        office=office,
        file_name=file_name,
        header=ledger.header,
        rows=ledger.rows,
        work=lambda after_batch: work(after_batch=after_batch),
    )
