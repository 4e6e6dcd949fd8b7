"""Events' ledgers as of any moment: activities, attendance, volunteers, teams, figures.

Every read takes a subtree and a moment ``at``: rows as they stood then (recorded by
``at``), persons named as they stood then (姓名已删除 once erased; masked for a reader
who may not see names, ``domain.privacy``). An activity is *held* once its day has
come: the figures count the activities of the year of ``at`` held by its China date
(``domain.events`` sums them up the tree), so each figure is traceable to the rows
:func:`activities_at` lists.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import TypeVar

from pydantic import BaseModel

from shequ.access import OfficeCode, china_date
from shequ.reporting.domain.events import EventsFigures, Held, roll_up
from shequ.reporting.domain.privacy import masked_name
from shequ.reporting.readmodels.ledgers._temporal import as_of
from shequ.reporting.readmodels.ledgers.people import office_names
from shequ.service import Db


class ActivityRow(BaseModel):
    activity_id: str
    office: str
    office_name: str | None
    kind: str
    title: str
    held_on: date
    place: str
    lead: str
    staff: int
    planned: int
    project_id: str | None
    project: str | None
    registered: int
    registered_names: list[str]
    head_count: int
    attendance: int
    families: int
    visited: int
    evaluations: int
    score: float | None
    cost_fen: int
    volunteer_hours: float


class VolunteerRow(BaseModel):
    person_id: str
    name: str | None
    office: str
    office_name: str | None
    registered_on: date | None
    skills: list[str]
    hours: float
    earned: int
    redeemed: int
    balance: int


class PointRow(BaseModel):
    """One line of the moral-bank ledger (道德银行): a deposit or a redemption."""

    person_id: str
    name: str | None
    office: str
    office_name: str | None
    on_day: date
    activity_id: str | None
    activity: str | None
    hours: float
    points: int
    balance: int
    redeemed_for: str | None


class TeamRow(BaseModel):
    team_id: str
    office: str
    office_name: str | None
    name: str
    kind: str
    formed_on: date
    members: int
    member_names: list[str]


class CornerRow(BaseModel):
    corner_id: str
    office: str
    office_name: str | None
    place: str
    since: date
    refreshed_on: date | None
    theme: str | None


_NAMES = f"""ARRAY(SELECT coalesce(r.name, m.p) FROM unnest({{ids}})
                 WITH ORDINALITY AS m(p, n)
                 LEFT JOIN people r ON r.person_id = m.p AND {as_of("r")}
                 ORDER BY m.n)"""
# $1 the moment, $2 the subtree's prefix, $3 the first day, $4 the last day,
# $5 the kinds (NULL: every kind).
_ACTIVITIES = f"""
WITH hours AS (
    SELECT p.activity_id, sum(p.hours) AS hours FROM events_points p
    WHERE p.recorded_at <= $1 AND p.activity_id IS NOT NULL GROUP BY 1)
SELECT a.activity_id, a.office, o.name AS office_name, a.kind, a.title, a.held_on,
       a.place, a.lead, a.staff, a.planned, a.project_id, pr.title AS project,
       cardinality(a.person_ids) AS registered,
       {_NAMES.format(ids="a.person_ids")} AS registered_names,
       a.head_count, a.attendance, a.families, a.visited, a.evaluations,
       round((a.score_sum / nullif(a.evaluations, 0))::numeric, 2)::float AS score,
       a.cost_fen, coalesce(h.hours, 0)::float AS volunteer_hours
FROM events_activities a
LEFT JOIN offices o ON o.code = a.office
LEFT JOIN events_projects pr ON pr.project_id = a.project_id AND pr.recorded_at <= $1
LEFT JOIN hours h ON h.activity_id = a.activity_id
WHERE {as_of("a")} AND a.office LIKE $2 || '%' AND a.held_on BETWEEN $3 AND $4
  AND ($5::text[] IS NULL OR a.kind = ANY($5))
ORDER BY a.held_on, a.office, a.title, a.activity_id
"""
_HELD = f"""
SELECT left(a.office, 12) AS community, a.kind, count(*) AS n,
       sum(a.attendance) AS participants
FROM events_activities a
WHERE {as_of("a")} AND a.office LIKE $2 || '%' AND a.held_on BETWEEN $3 AND $4
GROUP BY 1, 2
"""
_HOURS = """
SELECT left(p.office, 12) AS community, sum(p.hours) AS hours FROM events_points p
WHERE p.recorded_at <= $1 AND p.office LIKE $2 || '%' AND p.on_day BETWEEN $3 AND $4
GROUP BY 1
"""
_CORNERS = f"""
SELECT c.corner_id, c.office, o.name AS office_name, c.place, c.since,
       c.refreshed_on, c.theme
FROM events_corners c LEFT JOIN offices o ON o.code = c.office
WHERE {as_of("c")} AND c.office LIKE $2 || '%' AND c.since <= $3
ORDER BY c.office, c.since, c.corner_id
"""
_VOLUNTEERS = f"""
SELECT v.person_id, p.name, v.office, o.name AS office_name, v.registered_on,
       v.skills, v.hours, v.earned, v.redeemed, v.balance
FROM events_volunteers v
LEFT JOIN people p ON p.person_id = v.person_id AND {as_of("p")}
LEFT JOIN offices o ON o.code = v.office
WHERE {as_of("v")} AND v.office LIKE $2 || '%'
ORDER BY v.office, p.name, v.person_id
"""
_POINTS = f"""
SELECT m.person_id, p.name, m.office, o.name AS office_name, m.on_day,
       m.activity_id, a.title AS activity, m.hours, m.points, m.balance,
       m.redeemed_for
FROM events_points m
LEFT JOIN people p ON p.person_id = m.person_id AND {as_of("p")}
LEFT JOIN offices o ON o.code = m.office
LEFT JOIN events_activities a ON a.activity_id = m.activity_id AND {as_of("a")}
WHERE m.recorded_at <= $1 AND m.office LIKE $2 || '%'
ORDER BY m.office, p.name, m.person_id, m.on_day, m.recorded_at
"""
_TEAMS = f"""
WITH members AS (
    SELECT m.team_id, array_agg(m.person_id ORDER BY m.joined_on, m.person_id) AS ids
    FROM events_team_members m WHERE {as_of("m")} GROUP BY 1)
SELECT t.team_id, t.office, o.name AS office_name, t.name, t.kind, t.formed_on,
       cardinality(coalesce(m.ids, '{{}}')) AS members,
       {_NAMES.format(ids="coalesce(m.ids, '{}')")} AS member_names
FROM events_teams t
LEFT JOIN offices o ON o.code = t.office
LEFT JOIN members m ON m.team_id = t.team_id
WHERE {as_of("t")} AND t.office LIKE $2 || '%'
ORDER BY t.office, t.formed_on, t.name
"""


def year_to(at: datetime, year: int | None = None) -> tuple[date, date]:
    """The first day of ``year`` (``at``'s by default) and its last day by ``at``."""
    day = china_date(at)
    year = day.year if year is None else year
    return date(year, 1, 1), min(day, date(year, 12, 31))


def _hidden(names: list[str], shown: bool) -> list[str]:
    return names if shown else [masked_name(n) for n in names]


async def activities_at(
    db: Db,
    within: OfficeCode,
    at: datetime,
    days: tuple[date, date],
    *,
    names: bool,
    kinds: tuple[str, ...] | None = None,
) -> list[ActivityRow]:
    """The activities of ``within`` held between ``days`` (inclusive), as at ``at``."""
    rows = await db.fetch(
        _ACTIVITIES,
        at,
        within.subtree_prefix,
        *days,
        None if kinds is None else list(kinds),
    )
    found = [ActivityRow.model_validate(dict(r)) for r in rows]
    return [
        r.model_copy(update={"registered_names": _hidden(r.registered_names, names)})
        for r in found
    ]


async def corners_at(db: Db, within: OfficeCode, at: datetime) -> list[CornerRow]:
    """The publicity corners of ``within`` set up by ``at``'s day."""
    rows = await db.fetch(_CORNERS, at, within.subtree_prefix, china_date(at))
    return [CornerRow.model_validate(dict(r)) for r in rows]


async def figures_at(
    db: Db,
    within: OfficeCode,
    at: datetime,
    year: int | None = None,
    upto: date | None = None,
) -> list[EventsFigures]:
    """Every office's events figures in ``within`` for ``year`` (``at``'s) by ``at``.

    Counted up to ``at``'s day, or to ``upto`` (a month's end) if earlier.
    """
    prefix, days = within.subtree_prefix, year_to(at, year)
    if upto is not None:
        days = (days[0], min(days[1], upto))
    held: defaultdict[str, Held] = defaultdict(Held)
    for r in await db.fetch(_HELD, at, prefix, *days):
        found = held[r["community"]]
        found.by_kind[r["kind"]] = int(r["n"])
        found.participants[r["kind"]] = int(r["participants"])
    for r in await db.fetch(_HOURS, at, prefix, *days):
        held[r["community"]].volunteer_hours = float(r["hours"])
    for corner in await corners_at(db, within, at):
        if corner.since <= days[1]:
            held[corner.office[:12]].corners += 1
    names = await office_names(db)
    offices = [code for code in names if within.covers(code)]
    return roll_up(held, offices, within, names)


async def volunteers_at(
    db: Db, within: OfficeCode, at: datetime, *, names: bool
) -> list[VolunteerRow]:
    """Every volunteer of ``within`` with hours and moral-bank points, as at ``at``."""
    rows = await db.fetch(_VOLUNTEERS, at, within.subtree_prefix)
    found = [VolunteerRow.model_validate(dict(r)) for r in rows]
    return found if names else [_masked(r) for r in found]


async def points_at(
    db: Db, within: OfficeCode, at: datetime, *, names: bool
) -> list[PointRow]:
    """The moral-bank ledger of ``within``: every deposit and redemption by ``at``."""
    rows = await db.fetch(_POINTS, at, within.subtree_prefix)
    found = [PointRow.model_validate(dict(r)) for r in rows]
    return found if names else [_masked(r) for r in found]


async def teams_at(
    db: Db, within: OfficeCode, at: datetime, *, names: bool
) -> list[TeamRow]:
    """The teams of ``within`` and their members, as at ``at``."""
    rows = await db.fetch(_TEAMS, at, within.subtree_prefix)
    found = [TeamRow.model_validate(dict(r)) for r in rows]
    return [
        r.model_copy(update={"member_names": _hidden(r.member_names, names)})
        for r in found
    ]


Named = TypeVar("Named", VolunteerRow, PointRow)


def _masked(row: Named) -> Named:
    return row.model_copy(update={"name": row.name and masked_name(row.name)})
