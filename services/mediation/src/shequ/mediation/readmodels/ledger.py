"""Queries of the ledger (人民调解台帐): rows, figures, open disputes, to-do facts."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from shequ.mediation.domain.figures import Counts
from shequ.mediation.domain.todos import DisputeFacts
from shequ.service import TOTAL, Db, Page, fetch_page


class DisputeRow(BaseModel):
    """A dispute as the tables hold it (no party, matter or note)."""

    dispute_id: str
    office: str
    source: str
    kind: str
    amount: int | None
    parties: int
    registered_on: date
    deadline: date
    conclude_by: date
    status: str
    decided_on: date | None
    mediators: list[str]
    sessions: int
    overdue: bool
    form: str | None
    concluded_on: date | None
    late: bool | None
    agreed_amount: int | None
    confirmation: str | None
    outcome: str | None
    closed_on: date | None
    version: int


class LedgerRow(DisputeRow):
    office_name: str | None
    mediator_names: list[str]


async def dispute_row(db: Db, dispute_id: str) -> DisputeRow | None:
    row = await db.fetchrow(
        "SELECT * FROM mediation_disputes WHERE dispute_id = $1", dispute_id
    )
    return None if row is None else DisputeRow.model_validate(dict(row))


_LEDGER = f"""SELECT d.*, o.name AS office_name,
       coalesce((SELECT array_agg(m.name ORDER BY m.name) FROM mediation_committee m
                 WHERE m.member_id = ANY (d.mediators)), '{{}}') AS mediator_names,
       {TOTAL}
FROM mediation_disputes d LEFT JOIN people_offices o ON o.code = d.office
WHERE d.office LIKE $1 || '%'
  AND d.registered_on BETWEEN $2 AND $3
ORDER BY d.registered_on, d.dispute_id"""


async def ledger(
    db: Db, prefix: str, since: date, until: date, *, page: int, size: int
) -> Page[LedgerRow]:
    """The ledger's rows within ``prefix``, registered from ``since`` to ``until``."""
    return await fetch_page(
        db, LedgerRow, _LEDGER, prefix, since, until, page=page, size=size
    )


class Breakdown(BaseModel):
    by: str  # "kind", "source" or "outcome"
    value: str
    disputes: int


async def breakdown(db: Db, prefix: str, since: date, until: date) -> list[Breakdown]:
    """Disputes by kind, by source and by outcome (the statistical report's rows)."""
    rows = await db.fetch(
        """WITH d AS (SELECT * FROM mediation_disputes
                      WHERE office LIKE $1 || '%' AND registered_on BETWEEN $2 AND $3)
           SELECT 'kind' AS by, kind AS value, count(*) AS disputes FROM d GROUP BY kind
           UNION ALL SELECT 'source', source, count(*) FROM d GROUP BY source
           UNION ALL SELECT 'outcome', coalesce(outcome, status), count(*) FROM d
                     GROUP BY coalesce(outcome, status)
           ORDER BY 1, 2""",
        prefix,
        since,
        until,
    )
    return [Breakdown.model_validate(dict(r)) for r in rows]


async def counts(db: Db, prefix: str, since: date, until: date) -> Counts:
    """What the rates are counted from, for disputes registered in the period."""
    row = await db.fetchrow(
        """SELECT count(*) FILTER (WHERE d.form IS NOT NULL) AS agreed,
                  count(*) FILTER (WHERE d.concluded_on IS NOT NULL
                                   AND d.form IS NULL) AS failed,
                  count(*) FILTER (WHERE d.late = false) AS on_time,
                  coalesce(sum(o.followed_up), 0)::int AS followed_up,
                  coalesce(sum(o.fulfilled), 0)::int AS fulfilled,
                  coalesce(sum(o.satisfied), 0)::int AS satisfied,
                  coalesce(sum(o.asked), 0)::int AS asked
           FROM mediation_disputes d
           LEFT JOIN LATERAL (
               SELECT count(visited_on) AS followed_up,
                      count(*) FILTER (WHERE fulfilled) AS fulfilled,
                      count(*) FILTER (WHERE satisfied) AS satisfied,
                      count(satisfied) AS asked
               FROM mediation_obligations WHERE dispute_id = d.dispute_id) o ON true
           WHERE d.office LIKE $1 || '%' AND d.registered_on BETWEEN $2 AND $3""",
        prefix,
        since,
        until,
    )
    return Counts(**dict(row))


async def open_disputes(db: Db) -> list[DisputeRow]:
    """Every dispute a timer may act on: undecided, or agreed and not closed."""
    rows = await db.fetch(
        """SELECT * FROM mediation_disputes
           WHERE status IN ('registered', 'accepted', 'agreed') ORDER BY dispute_id"""
    )
    return [DisputeRow.model_validate(dict(r)) for r in rows]


async def to_do_facts(db: Db, members: list[str], prefix: str) -> list[DisputeFacts]:
    """Open disputes on a mediator's list: theirs, and their subtree's with none."""
    rows = await db.fetch(
        """SELECT d.dispute_id, d.status, d.conclude_by,
                  coalesce(array_agg(o.number ORDER BY o.number)
                           FILTER (WHERE o.number IS NOT NULL), '{}') AS numbers,
                  coalesce(array_agg(o.due_on ORDER BY o.number)
                           FILTER (WHERE o.number IS NOT NULL), '{}') AS dues,
                  coalesce(array_agg(o.number) FILTER (WHERE o.visited_on IS NOT NULL),
                           '{}') AS followed
           FROM mediation_disputes d
           LEFT JOIN mediation_obligations o USING (dispute_id)
           WHERE d.status IN ('registered', 'accepted', 'agreed', 'failed')
             AND (d.mediators && $1::text[]
                  OR (d.mediators = '{}' AND d.office LIKE $2 || '%'))
           GROUP BY d.dispute_id""",
        members,
        prefix,
    )
    return [
        DisputeFacts(
            dispute_id=r["dispute_id"],
            status=r["status"],
            conclude_by=r["conclude_by"],
            due=dict(zip(r["numbers"], r["dues"], strict=True)),
            followed=frozenset(r["followed"]),
        )
        for r in rows
    ]
