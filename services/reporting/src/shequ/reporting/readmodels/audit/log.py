"""The audit log (操作日志): who did what, when, from which office.

Every service's events, as ``event_archive`` keeps them: who (actor) from which office
(acting office), what (service, event type, stream, version), when (occurred and
recorded), for which office. A reader sees the events of the offices in its subtree;
events that name no office only when reading a whole district. Restricted rows
(rehab) always show who, what and when, but their ``data`` only to readers allowed to
see restricted records; personal data in it is masked to the reader's clearance
(``privacy``). Asked for one person, the log lists every event of every service that
names them (``person_ids``, as the archive indexes it: their registry file, labour
profile, unemployment, assistance, households), restricted ones only to readers who
may see restricted records: that such a record exists is itself restricted. Sealed
personal data is opened for the page first (``opened``): a reader sees it as its
clearance allows, or erased, never the sealed box.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shequ.access import OfficeCode, OfficeLevel
from shequ.reporting.domain.privacy import Clearance, shown
from shequ.reporting.readmodels.archive import Placed
from shequ.reporting.readmodels.audit.opened import opened
from shequ.service import TOTAL, Db, fetch_page


class _Recorded(Placed):
    """Who did what, when, for which office: an archived event but its data."""

    event_id: str
    service: str
    stream_type: str
    stream_id: str
    version: int
    event_type: str
    occurred_at: datetime
    recorded_at: datetime
    actor: str | None
    person_ids: list[str]
    restricted: bool


class AuditEvent(_Recorded):
    """One archived event; ``data`` is ``None`` when withheld from the reader."""

    data: dict[str, Any] | None


@dataclass(frozen=True, kw_only=True)
class LogQuery:
    """What to look for; ``None`` leaves a field open.

    ``within`` is the subtree read (``None``: every office, for operators at the
    command line); ``acting_office`` the subtree the actors acted from; ``person``
    a person the events name; ``start`` ≤ recorded_at ≤ ``end``.
    """

    within: OfficeCode | None = None
    person: str | None = None
    actor: str | None = None
    acting_office: OfficeCode | None = None
    service: str | None = None
    stream_id: str | None = None
    event_type: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    newest_first: bool = True


class _Archived(_Recorded):
    """An archived event as stored: ``data`` still JSON text (or withheld)."""

    data: str | None


def _select(shown: str, *extra: str) -> str:
    # Withheld in SQL, so restricted data never leaves the database for such a reader.
    return f"""SELECT event_id::text, service, stream_type, stream_id, version,
                      event_type, occurred_at, recorded_at, actor, acting_office,
                      office, person_ids, restricted,
                      CASE WHEN restricted AND NOT {shown} THEN NULL
                           ELSE data::text END AS data{"".join(", " + e for e in extra)}
               FROM event_archive"""


async def _events(rows: list[_Archived], clearance: Clearance) -> list[AuditEvent]:
    """The rows as the reader sees them: data opened, then cut to ``clearance``."""
    with_data = [r for r in rows if r.data is not None]
    datas = await opened(
        (r.service, r.event_type, json.loads(r.data))
        for r in with_data
        if r.data is not None
    )
    seen = {
        id(r): shown(d, r.stream_type, clearance)
        for r, d in zip(with_data, datas, strict=True)
    }
    return [
        AuditEvent(**r.model_dump(exclude={"data"}), data=seen.get(id(r))) for r in rows
    ]


def _where(query: LogQuery, clearance: Clearance) -> tuple[str, list[Any]]:
    conditions: list[str] = []
    args: list[Any] = []

    def add(condition: str, value: Any) -> None:
        args.append(value)
        conditions.append(condition.format(f"${len(args)}"))

    if query.within is not None:
        office = "office LIKE {} || '%'"
        if query.within.level is OfficeLevel.DISTRICT:
            office = f"({office} OR office IS NULL)"
        add(office, query.within.subtree_prefix)
    if query.person is not None:
        add("person_ids @> ARRAY[{}::text]", query.person)
        if not clearance.restricted:
            conditions.append("NOT restricted")
    if query.acting_office is not None:
        add("acting_office LIKE {} || '%'", query.acting_office.subtree_prefix)
    for column in ("actor", "service", "stream_id", "event_type"):
        if (value := getattr(query, column)) is not None:
            add(f"{column} = {{}}", value)
    if query.start is not None:
        add("recorded_at >= {}", query.start)
    if query.end is not None:
        add("recorded_at <= {}", query.end)
    return " AND ".join(conditions) or "TRUE", args


async def audit_log(
    db: Db, query: LogQuery, *, clearance: Clearance, page: int, size: int
) -> tuple[list[AuditEvent], int]:
    """One page of the events ``query`` matches, and how many match in all.

    Newest first unless ``query`` asks otherwise; data as ``clearance`` allows.
    """
    where, args = _where(query, clearance)
    order = "DESC" if query.newest_first else "ASC"
    found = await fetch_page(
        db,
        _Archived,
        f"""{_select(f"${len(args) + 1}", TOTAL)} WHERE {where}
            ORDER BY recorded_at {order}, service {order}, position {order}""",
        *args,
        clearance.restricted,
        page=page,
        size=size,
    )
    return await _events(found.items, clearance), found.total


async def stream_events(
    db: Db, stream_id: str, service: str, *, clearance: Clearance
) -> list[AuditEvent]:
    """Every archived event of one service's stream, in version order."""
    rows = await db.fetch(
        f"""{_select("$3")} WHERE stream_id = $1 AND service = $2
            ORDER BY version""",
        stream_id,
        service,
        clearance.restricted,
    )
    return await _events([_Archived.model_validate(dict(r)) for r in rows], clearance)


async def first_recorded(db: Db, within: OfficeCode) -> datetime | None:
    """When the first record of ``within``'s subtree was made (its opening, as a rule).

    ``None`` if the archive holds none yet.
    """
    found: datetime | None = await db.fetchval(
        """SELECT recorded_at FROM event_archive WHERE office LIKE $1 || '%'
           ORDER BY recorded_at LIMIT 1""",
        within.subtree_prefix,
    )
    return found
