"""What a community keeps beside its activities: volunteers, teams, publicity corners.

``events_volunteers`` holds each registered person's volunteer record (志愿者) as it
stood: hours served, moral-bank points (道德银行) earned and redeemed and the balance;
``events_points`` every deposit and redemption, the moral-bank ledger. Teams
(文体队伍) and their members, and publicity corners (禁毒宣传角) with their last
refresh, are temporal too. Volunteers and members are kept by person id; the ledgers
name them from ``people`` as of the same moment.
"""

from __future__ import annotations

from shequ.contracts import EventEnvelope
from shequ.contracts.events import (
    MoralPointsRedeemed,
    PublicityCornerRefreshed,
    PublicityCornerSetUp,
    TeamFormed,
    TeamMemberJoined,
    TeamMemberLeft,
    VolunteerHoursRecorded,
    VolunteerRegistered,
)
from shequ.eventstore import Migration
from shequ.messaging import Appliers
from shequ.reporting.readmodels.ledgers._temporal import Changes, Row

SERVICE = "events"
TABLES = (
    "events_volunteers",
    "events_points",
    "events_teams",
    "events_team_members",
    "events_corners",
)
_TEMPORAL = "valid_from timestamptz NOT NULL, valid_to timestamptz"
MIGRATIONS = [
    Migration(
        "reporting-ledgers-events-community",
        1,
        f"""CREATE TABLE IF NOT EXISTS events_volunteers (
               person_id     text NOT NULL, {_TEMPORAL},
               office        text NOT NULL,
               registered_on date,
               skills        text[] NOT NULL DEFAULT '{{}}',
               hours         float8 NOT NULL DEFAULT 0,
               earned        int NOT NULL DEFAULT 0,
               redeemed      int NOT NULL DEFAULT 0,
               balance       int NOT NULL DEFAULT 0);
           CREATE INDEX IF NOT EXISTS events_volunteers_current
               ON events_volunteers (person_id) WHERE valid_to IS NULL;
           CREATE TABLE IF NOT EXISTS events_points (
               event_id     text PRIMARY KEY,
               person_id    text NOT NULL,
               office       text NOT NULL,
               on_day       date NOT NULL,
               activity_id  text,
               hours        float8 NOT NULL,
               points       int NOT NULL,
               balance      int NOT NULL,
               redeemed_for text,
               recorded_at  timestamptz NOT NULL);
           CREATE INDEX IF NOT EXISTS events_points_office
               ON events_points (office text_pattern_ops, on_day);
           CREATE TABLE IF NOT EXISTS events_teams (
               team_id   text NOT NULL, {_TEMPORAL},
               office    text NOT NULL,
               name      text NOT NULL,
               kind      text NOT NULL,
               formed_on date NOT NULL);
           CREATE INDEX IF NOT EXISTS events_teams_current
               ON events_teams (team_id) WHERE valid_to IS NULL;
           CREATE TABLE IF NOT EXISTS events_team_members (
               team_id   text NOT NULL,
               person_id text NOT NULL, {_TEMPORAL},
               joined_on date NOT NULL);
           CREATE INDEX IF NOT EXISTS events_team_members_current
               ON events_team_members (team_id, person_id) WHERE valid_to IS NULL;
           CREATE TABLE IF NOT EXISTS events_corners (
               corner_id    text NOT NULL, {_TEMPORAL},
               office       text NOT NULL,
               place        text NOT NULL,
               since        date NOT NULL,
               refreshed_on date,
               theme        text);
           CREATE INDEX IF NOT EXISTS events_corners_current
               ON events_corners (corner_id) WHERE valid_to IS NULL;""",
    )
]

APPLY: Appliers[Changes, None] = Appliers()


_NEW_VOLUNTEER: Row = {
    "registered_on": None,
    "skills": [],
    "hours": 0.0,
    "earned": 0,
    "redeemed": 0,
    "balance": 0,
}


def _volunteer(
    changes: Changes, envelope: EventEnvelope, person: str, **to: object
) -> None:
    """Change ``person``'s volunteer row by ``to`` (functions of the row, or values).

    Every column is written (a new row starts from :data:`_NEW_VOLUNTEER`): the
    batch writes rows column by column, and a missing one would be a NULL.
    """

    def update(row: Row) -> Row:
        current = {**_NEW_VOLUNTEER, **row}
        changed = {k: v(current) if callable(v) else v for k, v in to.items()}
        return {**current, **changed}

    key = {"person_id": person}
    changes.change("events_volunteers", key, envelope.recorded_at, update, create=True)


def _point(changes: Changes, envelope: EventEnvelope, *row: object) -> None:
    changes.insert(
        "events_points", (str(envelope.event_id), *row, envelope.recorded_at)
    )


@APPLY.on
def _registered(
    changes: Changes, e: VolunteerRegistered, envelope: EventEnvelope
) -> None:
    _volunteer(
        changes,
        envelope,
        e.person_id,
        office=e.office,
        registered_on=e.registered_on,
        skills=e.skills,
    )


@APPLY.on
def _served(
    changes: Changes, e: VolunteerHoursRecorded, envelope: EventEnvelope
) -> None:
    _volunteer(
        changes,
        envelope,
        e.person_id,
        office=e.office,
        hours=lambda row: row["hours"] + e.hours,
        earned=lambda row: row["earned"] + e.points,
        balance=e.balance,
    )
    _point(
        changes,
        envelope,
        e.person_id,
        e.office,
        e.served_on,
        e.activity_id,
        e.hours,
        e.points,
        e.balance,
        None,
    )


@APPLY.on
def _redeemed(
    changes: Changes, e: MoralPointsRedeemed, envelope: EventEnvelope
) -> None:
    _volunteer(
        changes,
        envelope,
        e.person_id,
        office=e.office,
        redeemed=lambda row: row["redeemed"] + e.points,
        balance=e.balance,
    )
    _point(
        changes,
        envelope,
        e.person_id,
        e.office,
        e.redeemed_on,
        None,
        0.0,
        -e.points,
        e.balance,
        e.redeemed_for,
    )


@APPLY.on
def _formed(changes: Changes, e: TeamFormed, envelope: EventEnvelope) -> None:
    changes.replace(
        "events_teams",
        {"team_id": e.team_id},
        envelope.recorded_at,
        {"office": e.office, "name": e.name, "kind": e.kind, "formed_on": e.formed_on},
    )


@APPLY.on
def _joined(changes: Changes, e: TeamMemberJoined, envelope: EventEnvelope) -> None:
    key = {"team_id": e.team_id, "person_id": e.person_id}
    changes.replace(
        "events_team_members", key, envelope.recorded_at, {"joined_on": e.joined_on}
    )


@APPLY.on
def _left(changes: Changes, e: TeamMemberLeft, envelope: EventEnvelope) -> None:
    key = {"team_id": e.team_id, "person_id": e.person_id}
    changes.end("events_team_members", key, envelope.recorded_at)


@APPLY.on
def _corner(changes: Changes, e: PublicityCornerSetUp, envelope: EventEnvelope) -> None:
    changes.replace(
        "events_corners",
        {"corner_id": e.corner_id},
        envelope.recorded_at,
        {"office": e.office, "place": e.place, "since": e.since},
    )


@APPLY.on
def _refreshed(
    changes: Changes, e: PublicityCornerRefreshed, envelope: EventEnvelope
) -> None:
    update = {"refreshed_on": e.refreshed_on, "theme": e.theme}
    key = {"corner_id": e.corner_id}
    changes.change("events_corners", key, envelope.recorded_at, update)
