"""The registry's staff (工作人员) as a temporal table: office, roles, 专职 or 兼职.

Rehab's staffing ledger counts a community's rehab workers with it: who is enrolled
with the ``rehab_worker`` role at an office, and whether full-time or part-time, as
it stood at any moment. A staff member who left (``StaffDeactivated``) has no row.
"""

from __future__ import annotations

from shequ.contracts import EventEnvelope
from shequ.contracts.registry import StaffDeactivated, StaffEnrolled, StaffRolesChanged
from shequ.eventstore import Migration
from shequ.messaging import Appliers
from shequ.reporting.readmodels.ledgers._temporal import Changes

SERVICE = "registry"
TABLES = ("staff",)
MIGRATIONS = [
    Migration(
        "reporting-ledgers-staff",
        1,
        """CREATE TABLE IF NOT EXISTS staff (
               staff_id   text NOT NULL,
               valid_from timestamptz NOT NULL,
               valid_to   timestamptz,
               office     text NOT NULL,
               roles      text[] NOT NULL,
               employment text NOT NULL);
           CREATE INDEX IF NOT EXISTS staff_current
               ON staff (staff_id) WHERE valid_to IS NULL;""",
    )
]

APPLY: Appliers[Changes, None] = Appliers()


@APPLY.on
def _enrolled(changes: Changes, e: StaffEnrolled, envelope: EventEnvelope) -> None:
    changes.replace(
        "staff",
        {"staff_id": e.staff_id},
        envelope.recorded_at,
        {"office": e.office, "roles": list(e.roles), "employment": e.employment},
    )


@APPLY.on
def _roles(changes: Changes, e: StaffRolesChanged, envelope: EventEnvelope) -> None:
    update = {"office": e.office, "roles": list(e.roles)}
    changes.change(
        "staff", {"staff_id": envelope.stream_id}, envelope.recorded_at, update
    )


@APPLY.on
def _left(changes: Changes, e: StaffDeactivated, envelope: EventEnvelope) -> None:
    changes.end("staff", {"staff_id": envelope.stream_id}, envelope.recorded_at)
