"""``shequ audit``: the audit at the command line (审计命令行).

``verify`` recomputes every service store's hash chains (exit 1 when a chain is
broken, 2 when a store could not be checked); ``log`` lists who did what (``--person``:
everything every service recorded about one person); ``replay``
shows a case as it stood at a moment; ``ledger`` prints an office's unemployed ledger
and figures as they stood then. Settings come from the environment:
``SHEQU_DATABASE_URL`` (reporting's own database) and ``SHEQU_REPORTING_STORES``
(service → DSN, JSON). Tables go to stdout, progress and errors to stderr. The command
line reads as an operator of every office: restricted data is never printed, and
names are masked as for readers outside the offices' staff.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from shequ.access import OfficeCode
from shequ.contracts import DomainError
from shequ.reporting.cli._terminal import (
    cell,
    from_moment,
    positive,
    say,
    table,
    to_moment,
)
from shequ.reporting.domain.moments import recorded_by
from shequ.reporting.domain.privacy import Clearance
from shequ.reporting.readmodels import figures, views
from shequ.reporting.readmodels.audit.log import LogQuery, audit_log, first_recorded
from shequ.reporting.readmodels.audit.replay import replay
from shequ.reporting.readmodels.audit.verify import UNREACHABLE, check_stores
from shequ.reporting.readmodels.generations import serving
from shequ.reporting.readmodels.views import FIGURE_COLUMNS, UNEMPLOYED_COLUMNS
from shequ.reporting.settings import ReportingSettings
from shequ.service import ServiceSettings
from shequ.webapi import Column

Command = Callable[[argparse.Namespace], Awaitable[int]]
PAGE = 1000
TERMINAL = Clearance()  # as the module says: nothing restricted, nothing personal


async def _verify(args: argparse.Namespace) -> int:
    stores = ReportingSettings().stores
    if not stores:
        say("no stores to verify: set SHEQU_REPORTING_STORES (service → DSN, JSON)")
        return 2
    say(f"verifying {', '.join(sorted(stores))} ...")
    checks = await check_stores(
        stores, lambda service, n: say(f"{service}: {n} events checked")
    )
    rows = [
        (
            c.service,
            c.status,
            c.events_verified,
            c.streams_verified,
            b and f"{b.stream_id} v{b.version} {b.event_id}",
            b.reason if b else c.error,
        )
        for c in checks
        for b in [c.first_broken]
    ]
    print(table(["存储", "结果", "事件数", "流数", "首个断链", "原因"], rows))
    if any(c.status == "broken" for c in checks):
        return 1
    return 2 if any(c.status == "unreachable" for c in checks) else 0


async def _log(args: argparse.Namespace) -> int:
    query = LogQuery(
        within=args.office,
        person=args.person,
        actor=args.actor,
        acting_office=args.acting_office,
        service=args.service,
        stream_id=args.stream,
        event_type=args.event_type,
        start=args.start,
        end=args.end,
    )
    async with serving(ServiceSettings().database_url, "reporting-archive") as db:
        items, total = await audit_log(
            db, query, clearance=TERMINAL, page=args.page, size=args.limit
        )
    rows = [
        (
            e.recorded_at,
            e.actor,
            e.acting_office,
            e.office,
            e.service,
            e.event_type,
            e.stream_id,
            e.version,
        )
        for e in items
    ]
    print(
        table(
            [
                "记录时间",
                "操作人",
                "操作单位",
                "所属单位",
                "服务",
                "事件",
                "流",
                "版本",
            ],
            rows,
        )
    )
    first = (args.page - 1) * args.limit
    last = first + len(items)
    shown = (
        "显示 0 条"
        if not items
        else f"第 {last} 条"
        if last == first + 1
        else f"第 {first + 1}–{last} 条"
    )
    print(f"共 {total} 条，{shown}")
    return 0


async def _replay(args: argparse.Namespace) -> int:
    at = args.as_of or datetime.now(UTC)
    async with serving(ServiceSettings().database_url, "reporting-archive") as db:
        case = await replay(
            db,
            args.stream_id,
            at,
            service=args.service,
            clearance=TERMINAL,
            sees=lambda _: True,  # an operator of every office
        )
    print(
        f"{case.stream_id}（{case.service} {case.stream_type}）截至 {cell(at)}，"
        f"单位 {cell(case.office)}"
    )
    rows = [
        (e.version, e.recorded_at, e.occurred_at, e.actor, e.office, e.event_type)
        for e in case.events
    ]
    print(table(["版本", "记录时间", "发生时间", "操作人", "单位", "事件"], rows))
    print("当时状态：" + (" 受限记录，数据不显示" if case.restricted else ""))
    for key, value in case.state.items():
        print(f"  {key}: {cell(value)}")
    return 0


def _row(item: BaseModel, columns: list[Column]) -> list[object]:
    values = [getattr(item, c.key) for c in columns]
    return [f"{v:.2%}" if isinstance(v, float) else v for v in values]


async def _ledger(args: argparse.Namespace) -> int:
    at, office = args.as_of or datetime.now(UTC), args.office
    if args.as_of is not None:
        async with serving(ServiceSettings().database_url, "reporting-archive") as db:
            recorded_by(at, await first_recorded(db, office), f"in office {office}")
    async with serving(ServiceSettings().database_url, "reporting-ledgers") as db:
        first = await views.unemployed_ledger(
            db, office, at, names=False, page=1, size=PAGE
        )
        rows, total = first.items, first.total
        while len(rows) < total:
            say(f"unemployed ledger: {len(rows)}/{total} rows")
            more = await views.unemployed_ledger(
                db, office, at, names=False, page=len(rows) // PAGE + 1, size=PAGE
            )
            rows += more.items
        offices = await figures.figures_at(db, office, at)
    print(f"失业人员台帐 {office} 截至 {cell(at)}（共 {total} 人）")
    print(
        table(
            [c.zh for c in UNEMPLOYED_COLUMNS],
            [_row(r, UNEMPLOYED_COLUMNS) for r in rows],
        )
    )
    print(f"\n就业统计 {office} 截至 {cell(at)}")
    print(
        table(
            [c.zh for c in FIGURE_COLUMNS], [_row(f, FIGURE_COLUMNS) for f in offices]
        )
    )
    return 0


def _add_log(commands: Any) -> None:
    log = commands.add_parser("log", help="who did what, newest first")
    log.add_argument("--actor", help="staff id")
    log.add_argument(
        "--person", help="a person id: what every service recorded about them"
    )
    log.add_argument(
        "--office", type=OfficeCode, help="records of an office and its subtree"
    )
    log.add_argument(
        "--acting-office", type=OfficeCode, help="actors of an office and its subtree"
    )
    log.add_argument("--service")
    log.add_argument("--stream", help="stream id")
    log.add_argument("--event-type")
    log.add_argument(
        "--from", dest="start", type=from_moment, metavar="WHEN", help="date or time"
    )
    log.add_argument(
        "--to",
        dest="end",
        type=to_moment,
        metavar="WHEN",
        help="date or time (inclusive)",
    )
    log.add_argument("--limit", type=positive, default=50, help="events a page")
    log.add_argument("--page", type=positive, default=1)
    log.set_defaults(run=_log)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shequ", description="shequ operations")
    areas = parser.add_subparsers(dest="area", required=True)
    audit = areas.add_parser("audit", help="audit log, case replay, chain checks")
    commands = audit.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "verify", help="every store's hash chains (exit 1: a chain is broken)"
    ).set_defaults(run=_verify)
    _add_log(commands)
    case = commands.add_parser("replay", help="a case as it stood at a moment")
    case.add_argument("stream_id")
    case.add_argument("--service", help="when services share the stream id")
    case.set_defaults(run=_replay)
    ledger = commands.add_parser("ledger", help="unemployed ledger and figures")
    ledger.add_argument("--office", type=OfficeCode, required=True)
    ledger.set_defaults(run=_ledger)
    for command in (case, ledger):
        command.add_argument(
            "--as-of",
            type=to_moment,
            metavar="WHEN",
            help="date or time; now if absent",
        )
    return parser


async def _run(command: Command, args: argparse.Namespace) -> int:
    try:
        return await command(args)
    except DomainError as error:
        say(error.message)
    except UNREACHABLE as error:
        say(f"cannot read reporting's database: {type(error).__name__}: {error}")
    return 2


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``shequ``; returns the exit code."""
    args = _parser().parse_args(argv)
    return asyncio.run(_run(args.run, args))
