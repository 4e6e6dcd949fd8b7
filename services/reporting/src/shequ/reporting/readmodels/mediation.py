"""Mediation's ledger (人民调解台帐) and figures as of any moment.

The ledger lists the disputes of a subtree registered in the calendar year of the
moment, and those of earlier years still open then, each as it stood; the parties
and the matter are opened from the archive (sealed there, as mediation published
them) for the readers the API lets see them (``domain.access``). The figures count
the year's own disputes per community (``domain.mediation``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

from pydantic import BaseModel

from shequ.access import OfficeCode, china_date
from shequ.contracts.mediation import Party
from shequ.reporting.domain.mediation import (
    DisputeFacts,
    MediationFigures,
    dispute_counts,
    roll_up,
)
from shequ.reporting.readmodels.audit.opened import opened
from shequ.reporting.readmodels.ledgers._temporal import as_of
from shequ.reporting.readmodels.ledgers.people import office_names
from shequ.service import Db


class _Dispute(BaseModel):
    """What the ledger shows of a dispute as the table holds it."""

    dispute_id: str
    office: str
    office_name: str | None
    registered_on: date
    conclude_by: date
    decided_on: date | None
    status: str
    source: str
    kind: str
    amount: int | None
    mediators: list[str]
    mediator_names: list[str]
    sessions: int
    last_session_on: date | None
    form: str | None
    agreed_amount: int | None
    concluded_on: date | None
    follow_ups: int
    satisfied: int
    last_visited_on: date | None
    confirmation: str | None
    closed_on: date | None


class DisputeRow(_Dispute):
    """One row of the 人民调解台帐, without the parties (see :class:`Parties`)."""

    result: str
    fulfilment: str | None
    overdue: bool


class Parties(BaseModel):
    """A dispute's parties and matter, as mediation registered them."""

    parties: list[Party]
    matter: str


# $1 the moment, $2 the subtree's prefix, $3 its China date, $4 whether disputes of
# earlier years still open then are listed too (the ledger carries them; figures count
# the year's own).
_DISPUTES = f"""
SELECT d.*, o.name AS office_name,
       coalesce((SELECT array_agg(m.name ORDER BY array_position(d.mediators,
                                                                  m.member_id))
                 FROM mediation_members m WHERE m.member_id = ANY (d.mediators)),
                '{{}}') AS mediator_names,
       cardinality(d.followed) AS followed_count,
       cardinality(d.unfulfilled) AS unfulfilled_count
FROM mediation_disputes d
LEFT JOIN offices o ON o.code = d.office
WHERE {as_of("d")} AND d.office LIKE $2 || '%'
  AND (extract(year FROM d.registered_on) = extract(year FROM $3::date)
       OR ($4 AND d.status NOT IN ('closed', 'declined')))
ORDER BY d.office, d.registered_on, d.dispute_id
"""


class _Stored(_Dispute):
    """A dispute as the table holds it, with what the figures count it by."""

    late: bool | None
    obligations: int
    followed_count: int
    unfulfilled_count: int
    outcome: str | None

    def facts(self) -> DisputeFacts:
        return DisputeFacts(
            office=self.office,
            kind=self.kind,
            source=self.source,
            status=self.status,
            conclude_by=self.conclude_by,
            late=self.late,
            obligations=self.obligations,
            followed=self.followed_count,
            unfulfilled=self.unfulfilled_count,
            follow_ups=self.follow_ups,
            satisfied=self.satisfied,
            outcome=self.outcome,
        )


async def _read(
    db: Db, within: OfficeCode, at: datetime, *, carried: bool
) -> list[_Stored]:
    prefix, today = within.subtree_prefix, china_date(at)
    rows = await db.fetch(_DISPUTES, at, prefix, today, carried)
    return [_Stored.model_validate(dict(r)) for r in rows]


async def disputes_at(db: Db, within: OfficeCode, at: datetime) -> list[DisputeRow]:
    """The disputes of ``within`` registered in the year of ``at`` or still open."""
    today = china_date(at)
    return [
        DisputeRow(
            **s.model_dump(),
            result=facts.result,
            fulfilment=facts.fulfilment,
            overdue=facts.overdue(today),
        )
        for s in await _read(db, within, at, carried=True)
        for facts in (s.facts(),)
    ]


async def figures_at(
    db: Db, within: OfficeCode, at: datetime
) -> list[MediationFigures]:
    """Every office's mediation figures in ``within`` at ``at``, district first."""
    facts = [s.facts() for s in await _read(db, within, at, carried=False)]
    counts = dispute_counts(facts, china_date(at))
    return roll_up(counts, within, await office_names(db))


async def parties_of(archive: Db, dispute_ids: Sequence[str]) -> dict[str, Parties]:
    """The parties and matter of each dispute, opened from its registration."""
    if not dispute_ids:
        return {}
    rows = await archive.fetch(
        """SELECT stream_id, data::text AS data FROM event_archive
           WHERE stream_id = ANY($1::text[]) AND version = 1
             AND service = 'mediation' AND event_type = 'DisputeRegistered'""",
        [f"dispute/{d}" for d in dispute_ids],
    )
    datas = await opened(
        ("mediation", "DisputeRegistered", json.loads(r["data"])) for r in rows
    )
    return {
        r["stream_id"].removeprefix("dispute/"): Parties.model_validate(
            {"parties": d.get("parties") or [], "matter": d.get("matter") or ""}
        )
        for r, d in zip(rows, datas, strict=True)
    }
