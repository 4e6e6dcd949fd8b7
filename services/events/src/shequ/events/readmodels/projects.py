"""Service projects (服务项目) as rows, with how many activities belong to each."""

from __future__ import annotations

from datetime import date

import asyncpg
from pydantic import BaseModel

from shequ.contracts import EventEnvelope
from shequ.contracts.events import ProjectEvaluated, ProjectStarted
from shequ.eventstore import Migration
from shequ.messaging import ConnectionAppliers
from shequ.service import TOTAL, Db, Page, fetch_page

TABLES = ("events_projects",)
MIGRATIONS = [
    Migration(
        "events-projects",
        1,
        """CREATE TABLE IF NOT EXISTS events_projects (
               project_id    text PRIMARY KEY,
               office        text NOT NULL,
               title         text NOT NULL,
               target_groups text[] NOT NULL,
               starts_on     date NOT NULL,
               ends_on       date NOT NULL,
               evaluated_on  date,
               score         integer,
               seq           bigserial);""",
    )
]

APPLY = ConnectionAppliers()


class ProjectRow(BaseModel):
    project_id: str
    office: str
    title: str
    target_groups: list[str]
    starts_on: date
    ends_on: date
    activities: int
    evaluated_on: date | None
    score: int | None


@APPLY.on
async def _project(
    conn: asyncpg.Connection, e: ProjectStarted, env: EventEnvelope
) -> None:
    await conn.execute(
        """INSERT INTO events_projects (project_id, office, title, target_groups,
               starts_on, ends_on) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (project_id) DO NOTHING""",
        e.project_id,
        e.office,
        e.title,
        e.target_groups,
        e.starts_on,
        e.ends_on,
    )


@APPLY.on
async def _project_evaluated(
    conn: asyncpg.Connection, e: ProjectEvaluated, env: EventEnvelope
) -> None:
    await conn.execute(
        """UPDATE events_projects SET evaluated_on = $2, score = $3
           WHERE project_id = $1""",
        e.project_id,
        e.evaluated_on,
        e.score,
    )


async def projects(db: Db, prefix: str, *, page: int, size: int) -> Page[ProjectRow]:
    """A subtree's projects, with how many activities belong to each."""
    return await fetch_page(
        db,
        ProjectRow,
        f"""SELECT p.*, (SELECT count(*) FROM events_activities a
                         WHERE a.project_id = p.project_id) AS activities, {TOTAL}
            FROM events_projects p WHERE p.office LIKE $1
            ORDER BY p.starts_on, p.seq""",
        f"{prefix}%",
        page=page,
        size=size,
    )
