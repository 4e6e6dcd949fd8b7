"""Events' ledgers as offices print them: activities, attendance, volunteers, teams.

Five sheets of one subtree as of a moment: the activity ledger (活动台帐), attendance
per activity (参加人员), volunteers with their hours and moral-bank points (志愿者), the
moral-bank ledger (道德银行), teams and their members (文体队伍); a sixth counts the
figures by office. Names are as the reader may see them (masked otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shequ.contracts.events import ACTIVITY_KIND_LABELS, TEAM_KIND_LABELS
from shequ.contracts.messages import N_
from shequ.contracts.reporting import METRIC_LABELS
from shequ.i18n import Named
from shequ.reporting.domain.events import EVENTS_METRICS, EventsFigures
from shequ.reporting.readmodels.events import (
    ActivityRow,
    PointRow,
    TeamRow,
    VolunteerRow,
)
from shequ.reporting.readmodels.sheets import LEVEL_LABELS
from shequ.webapi.sheets import Column, Sheet

_OFFICE = Column("office", N_("Community"), "id")
ACTIVITIES_TITLE = N_("Ledger of activities")
ACTIVITY_COLUMNS = [
    Column("held_on", N_("Held on"), "date"),
    _OFFICE,
    Column("kind", N_("Kind of activity"), labels=ACTIVITY_KIND_LABELS),
    Column("title", N_("Activity")),
    Column("place", N_("Place")),
    Column("lead", N_("Lead")),
    Column("staff", N_("Staff"), "number"),
    Column("planned", N_("Planned participants"), "number"),
    Column("attendance", N_("Actual participants"), "number"),
    Column("families", N_("Families visited"), "number"),
    Column("project", N_("Project")),
    Column("score", N_("Evaluation score"), "number"),
    Column("volunteer_hours", N_("Volunteer hours"), "number"),
    Column("activity_id", N_("Activity number"), "id"),
]
ATTENDANCE_TITLE = N_("Attendance of activities")
ATTENDANCE_COLUMNS = [
    Column("held_on", N_("Held on"), "date"),
    _OFFICE,
    Column("title", N_("Activity")),
    Column("registered", N_("Registered persons"), "number"),
    Column("registered_names", N_("Names"), "list"),
    Column("head_count", N_("Head count of the public"), "number"),
    Column("attendance", N_("Actual participants"), "number"),
]
VOLUNTEERS_TITLE = N_("Ledger of volunteers")
VOLUNTEER_COLUMNS = [
    Column("name", N_("Name")),
    _OFFICE,
    Column("registered_on", N_("Registered on"), "date"),
    Column("skills", N_("Skills"), "list"),
    Column("hours", N_("Volunteer hours"), "number"),
    Column("earned", N_("Points earned"), "number"),
    Column("redeemed", N_("Points redeemed"), "number"),
    Column("balance", N_("Points balance"), "number"),
]
POINTS_TITLE = N_("Moral bank ledger")
POINT_COLUMNS = [
    Column("name", N_("Name")),
    _OFFICE,
    Column("on_day", N_("Date"), "date"),
    Column("activity", N_("Activity")),
    Column("hours", N_("Volunteer hours"), "number"),
    Column("points", N_("Points"), "number"),
    Column("redeemed_for", N_("Redeemed for")),
    Column("balance", N_("Points balance"), "number"),
]
TEAMS_TITLE = N_("Ledger of culture and sports teams")
TEAM_COLUMNS = [
    _OFFICE,
    Column("name", N_("Team")),
    Column("kind", N_("Kind of team"), labels=TEAM_KIND_LABELS),
    Column("formed_on", N_("Formed on"), "date"),
    Column("members", N_("Members"), "number"),
    Column("member_names", N_("Names"), "list"),
]
FIGURES_TITLE = N_("Activities against the yearly targets by office")
FIGURE_COLUMNS = [
    Column("office", N_("Office"), "id"),
    Column("level", N_("Level"), labels=LEVEL_LABELS),
    *(Column(m, METRIC_LABELS[m], "number") for m in EVENTS_METRICS),
]


def office_named(row: Any, code: str, name: str | None) -> Any:
    """``row`` with its office shown by name beside the code."""
    return row.model_copy(update={"office": Named(code, name) if name else code})


def _named(rows: Iterable[Any]) -> list[Any]:
    return [office_named(r, r.office, r.office_name) for r in rows]


def activities_sheet(rows: list[ActivityRow]) -> Sheet:
    return Sheet.of(ACTIVITIES_TITLE, ACTIVITY_COLUMNS, _named(rows))


def attendance_sheet(rows: list[ActivityRow]) -> Sheet:
    return Sheet.of(ATTENDANCE_TITLE, ATTENDANCE_COLUMNS, _named(rows))


def volunteers_sheet(rows: list[VolunteerRow]) -> Sheet:
    return Sheet.of(VOLUNTEERS_TITLE, VOLUNTEER_COLUMNS, _named(rows))


def points_sheet(rows: list[PointRow]) -> Sheet:
    return Sheet.of(POINTS_TITLE, POINT_COLUMNS, _named(rows))


def teams_sheet(rows: list[TeamRow]) -> Sheet:
    return Sheet.of(TEAMS_TITLE, TEAM_COLUMNS, _named(rows))


def figures_sheet(rows: list[EventsFigures]) -> Sheet:
    shown = [office_named(r, r.office, r.name) for r in rows]
    return Sheet.of(FIGURES_TITLE, FIGURE_COLUMNS, shown)
