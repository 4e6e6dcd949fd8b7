"""Events' activities (活动台帐) as a temporal table, with projects and missed duties.

``events_activities`` holds each activity as it stood between recorded times: its
plan (kind, day, place, lead, planned participants, project) and what was added since
(attendance: the registered persons and the head count of the public; families
visited; evaluations and their scores; costs). ``events_projects`` names the projects
(服务项目) the activities belong to; ``events_duties_missed`` keeps every slot of a
recurring duty events' timer found short. Who attended is kept by person id only:
the ledgers name them from ``people`` as of the same moment (姓名已删除 once erased).
A cancelled activity (活动取消) ends its row: as of before, it stood planned; from
then on it is on no ledger and in no figure.
"""

from __future__ import annotations

from shequ.contracts import EventEnvelope
from shequ.contracts.events import (
    ActivityCancelled,
    ActivityCostRecorded,
    ActivityEvaluated,
    ActivityPlanned,
    AttendanceRecorded,
    DutyMissed,
    FamilyVisited,
    ProjectStarted,
)
from shequ.eventstore import Migration
from shequ.messaging import Appliers
from shequ.reporting.readmodels.ledgers._temporal import Changes, Row

SERVICE = "events"
TABLES = ("events_activities", "events_projects", "events_duties_missed")
MIGRATIONS = [
    Migration(
        "reporting-ledgers-events",
        1,
        """CREATE TABLE IF NOT EXISTS events_activities (
               activity_id  text NOT NULL,
               valid_from   timestamptz NOT NULL,
               valid_to     timestamptz,
               office       text NOT NULL,
               kind         text NOT NULL,
               title        text NOT NULL,
               held_on      date NOT NULL,
               place        text NOT NULL,
               lead         text NOT NULL,
               staff        int NOT NULL,
               planned      int NOT NULL,
               project_id   text,
               person_ids   text[] NOT NULL DEFAULT '{}',
               head_count   int NOT NULL DEFAULT 0,
               attendance   int NOT NULL DEFAULT 0,
               families     int NOT NULL DEFAULT 0,
               visited      int NOT NULL DEFAULT 0,
               evaluations  int NOT NULL DEFAULT 0,
               score_sum    float8 NOT NULL DEFAULT 0,
               cost_fen     bigint NOT NULL DEFAULT 0);
           CREATE INDEX IF NOT EXISTS events_activities_current
               ON events_activities (activity_id) WHERE valid_to IS NULL;
           CREATE TABLE IF NOT EXISTS events_projects (
               project_id  text PRIMARY KEY,
               office      text NOT NULL,
               title       text NOT NULL,
               recorded_at timestamptz NOT NULL);
           CREATE TABLE IF NOT EXISTS events_duties_missed (
               event_id    text PRIMARY KEY,
               office      text NOT NULL,
               duty        text NOT NULL,
               due_by      date NOT NULL,
               held        int NOT NULL,
               wanted      int NOT NULL,
               recorded_at timestamptz NOT NULL);""",
    )
]
INDEXES = [
    """CREATE INDEX IF NOT EXISTS events_activities_office
       ON events_activities (office text_pattern_ops, held_on)"""
]

APPLY: Appliers[Changes, None] = Appliers()


def _activity(envelope: EventEnvelope) -> dict[str, str]:
    return {"activity_id": envelope.stream_id.removeprefix("activity/")}


@APPLY.on
def _planned(changes: Changes, e: ActivityPlanned, envelope: EventEnvelope) -> None:
    changes.replace(
        "events_activities",
        {"activity_id": e.activity_id},
        envelope.recorded_at,
        {
            "office": e.office,
            "kind": e.kind,
            "title": e.title,
            "held_on": e.held_on,
            "place": e.place,
            "lead": e.lead,
            "staff": len(e.staff),
            "planned": e.planned_participants,
            "project_id": e.project_id or None,
            "person_ids": [],
            "head_count": 0,
            "attendance": 0,
            "families": 0,
            "visited": 0,
            "evaluations": 0,
            "score_sum": 0.0,
            "cost_fen": 0,
        },
    )


@APPLY.on
def _cancelled(changes: Changes, e: ActivityCancelled, envelope: EventEnvelope) -> None:
    changes.end("events_activities", _activity(envelope), envelope.recorded_at)


@APPLY.on
def _attended(changes: Changes, e: AttendanceRecorded, envelope: EventEnvelope) -> None:
    # Attendance recorded again replaces the count, as events' own ledger does.
    update = {
        "person_ids": list(e.person_ids),
        "head_count": e.head_count,
        "attendance": e.attendance,
    }
    changes.change(
        "events_activities", _activity(envelope), envelope.recorded_at, update
    )


@APPLY.on
def _visited(changes: Changes, e: FamilyVisited, envelope: EventEnvelope) -> None:
    def visit(row: Row) -> Row:
        return {"families": row["families"] + 1, "visited": row["visited"] + e.people}

    changes.change(
        "events_activities", _activity(envelope), envelope.recorded_at, visit
    )


@APPLY.on
def _evaluated(changes: Changes, e: ActivityEvaluated, envelope: EventEnvelope) -> None:
    def scored(row: Row) -> Row:
        return {
            "evaluations": row["evaluations"] + 1,
            "score_sum": row["score_sum"] + e.average,
        }

    changes.change(
        "events_activities", _activity(envelope), envelope.recorded_at, scored
    )


@APPLY.on
def _cost(changes: Changes, e: ActivityCostRecorded, envelope: EventEnvelope) -> None:
    def cost(row: Row) -> Row:
        return {"cost_fen": row["cost_fen"] + e.amount_fen}

    changes.change("events_activities", _activity(envelope), envelope.recorded_at, cost)


@APPLY.on
def _project(changes: Changes, e: ProjectStarted, envelope: EventEnvelope) -> None:
    changes.insert(
        "events_projects", (e.project_id, e.office, e.title, envelope.recorded_at)
    )


@APPLY.on
def _missed(changes: Changes, e: DutyMissed, envelope: EventEnvelope) -> None:
    changes.insert(
        "events_duties_missed",
        (
            str(envelope.event_id),
            e.office,
            e.duty,
            e.due_by,
            e.held,
            e.wanted,
            envelope.recorded_at,
        ),
    )
