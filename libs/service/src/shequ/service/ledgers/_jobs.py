"""Import jobs (导入任务): an uploaded ledger's progress and the rows it refused.

One row per upload in the importing service's schema, written by the job as it goes
(``_runner``): the counts after each committed batch, then the outcome and every
refused row with its cells and reasons, for the clerk to download, correct and
upload again. Not events: the service's events are the record; a job is only the
report of one upload.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import asyncpg
from pydantic import BaseModel

from shequ.contracts.ledgers import ImportResult, InvalidRow, Problem
from shequ.contracts.messages import Msg
from shequ.eventstore import Migration


def job_migrations(service: str) -> list[Migration]:
    """The ``import_jobs`` table, in ``service``'s schema."""
    return [Migration(f"{service}-import-jobs", 1, _JOBS_TABLE)]


_JOBS_TABLE = """CREATE TABLE IF NOT EXISTS import_jobs (
               job_id             text PRIMARY KEY,
               office             text NOT NULL,
               staff_id           text NOT NULL,
               file_name          text NOT NULL,
               header             text[] NOT NULL,
               total              integer NOT NULL,
               status             text NOT NULL DEFAULT 'running',
               read               integer NOT NULL DEFAULT 0,
               added              integer NOT NULL DEFAULT 0,
               already_registered integer NOT NULL DEFAULT 0,
               refused            integer NOT NULL DEFAULT 0,
               refused_rows       jsonb NOT NULL DEFAULT '[]',
               failure            text,
               started_at         timestamptz NOT NULL,
               finished_at        timestamptz);"""


class ImportJob(BaseModel):
    """An upload as its uploader sees it: where, how far, and how it ended."""

    job_id: str
    office: str
    staff_id: str
    file_name: str
    status: str  # running, done, failed
    total: int
    read: int
    added: int
    already_registered: int
    refused: int
    failure: str | None
    started_at: datetime
    finished_at: datetime | None


class RefusedProblem(BaseModel):
    """What is wrong with a refused row's field: the English, and how to say it.

    ``template`` and ``params`` let a download show the reason in its reader's
    language; a parameter that is itself a marked word is kept as ``{"msg": …}``.
    """

    field: str
    message: str
    template: str = ""
    params: dict[str, Any] = {}

    @classmethod
    def of(cls, problem: Problem) -> RefusedProblem:
        params = {
            name: {"msg": str(value)} if isinstance(value, Msg) else _plain(value)
            for name, value in problem.params.items()
        }
        return cls(
            field=problem.field,
            message=problem.message,
            template=problem.template,
            params=params,
        )

    def said(self) -> tuple[str, dict[str, object]]:
        """The template (the English if none was kept) and its parameters."""
        params: dict[str, object] = {
            name: Msg(value["msg"]) if isinstance(value, dict) else value
            for name, value in self.params.items()
        }
        return self.template or self.message, params


def _plain(value: object) -> object:
    """A parameter as JSON holds it: numbers and text as they are, others as text."""
    return value if isinstance(value, int | float | str) else str(value)


class RefusedRow(BaseModel):
    """A refused row: its number in the file, its cells as read, what is wrong."""

    row: int
    cells: list[str]
    problems: list[RefusedProblem]


class RefusedRows(BaseModel):
    """The refused rows of a job, and the header of its file."""

    header: list[str]
    rows: list[RefusedRow]


async def begin_job(
    db: asyncpg.Pool | asyncpg.Connection, job: ImportJob, header: list[str]
) -> None:
    """Record a job just accepted."""
    await db.execute(
        """INSERT INTO import_jobs (job_id, office, staff_id, file_name, header,
               total, started_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)""",
        job.job_id,
        job.office,
        job.staff_id,
        job.file_name,
        header,
        job.total,
        job.started_at,
    )


async def record_progress(
    db: asyncpg.Pool | asyncpg.Connection, job_id: str, counts: ImportResult
) -> None:
    """The counts so far of a running job."""
    await db.execute(
        """UPDATE import_jobs SET read = $2, added = $3, already_registered = $4,
               refused = $5
           WHERE job_id = $1""",
        job_id,
        counts.read,
        counts.added,
        counts.already_registered,
        counts.invalid,
    )


async def finish_job(
    db: asyncpg.Pool | asyncpg.Connection,
    job_id: str,
    result: ImportResult,
    cells: dict[int, list[str]],
    at: datetime,
) -> None:
    """A job done: its final counts and each refused row with its cells."""
    await record_progress(db, job_id, result)
    await db.execute(
        """UPDATE import_jobs SET status = 'done', refused_rows = $2::jsonb,
               finished_at = $3
           WHERE job_id = $1""",
        job_id,
        json.dumps([_refused(row, cells) for row in result.invalid_rows]),
        at,
    )


def _refused(row: InvalidRow, cells: dict[int, list[str]]) -> dict[str, object]:
    return RefusedRow(
        row=row.row,
        # jsonb holds no NUL; a refused row may, as the file had it.
        cells=[cell.replace("\x00", "\ufffd") for cell in cells.get(row.row, [])],
        problems=[RefusedProblem.of(p) for p in row.problems],
    ).model_dump()


async def fail_job(
    db: asyncpg.Pool | asyncpg.Connection, job_id: str, why: str, at: datetime
) -> None:
    """A job stopped before its end (batches committed before it stay written)."""
    await db.execute(
        """UPDATE import_jobs SET status = 'failed', failure = $2, finished_at = $3
           WHERE job_id = $1""",
        job_id,
        why,
        at,
    )


async def job_of(
    db: asyncpg.Pool | asyncpg.Connection, job_id: str
) -> ImportJob | None:
    """The job ``job_id``, if there is one."""
    row = await db.fetchrow(
        """SELECT job_id, office, staff_id, file_name, status, total, read, added,
               already_registered, refused, failure, started_at, finished_at
           FROM import_jobs WHERE job_id = $1""",
        job_id,
    )
    return None if row is None else ImportJob.model_validate(dict(row))


async def refused_rows_of(
    db: asyncpg.Pool | asyncpg.Connection, job_id: str
) -> RefusedRows | None:
    """The header and refused rows of the job ``job_id``."""
    row = await db.fetchrow(
        "SELECT header, refused_rows FROM import_jobs WHERE job_id = $1", job_id
    )
    if row is None:
        return None
    rows = [RefusedRow.model_validate(r) for r in json.loads(row["refused_rows"])]
    return RefusedRows(header=row["header"], rows=rows)
