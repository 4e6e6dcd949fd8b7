"""``shequ-registry import FILE --office CODE``: load a resident ledger from a terminal.

Reads ``SHEQU_DATABASE_URL`` (with the registry's schema in its search_path) and
migrates the store first, so it works on a fresh database. Progress goes to stderr
after each batch; the summary and the invalid rows to stdout, or the invalid rows to
a CSV with ``--errors``. Exit code 0 when every row went in or was already on file,
1 when some rows were invalid (the valid ones are still loaded), 2 when the file or
office was refused and nothing was written.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from shequ.contracts.registry import CATALOG
from shequ.eventstore import EventStore, create_pool, load, migrate, store_migrations
from shequ.registry.domain import staff
from shequ.registry.domain.access import ACCESS
from shequ.registry.domain.ledger_import import ImportRefused, ImportResult
from shequ.registry.domain.rules import Acting
from shequ.registry.handlers.ledger_import import BATCH_SIZE, Progress, import_ledger
from shequ.registry.readmodels.guards import GUARD_MIGRATIONS
from shequ.service import ServiceSettings, tune_gc

SYSTEM_ACTOR = "registry-import"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    tune_gc()  # fewer collections while a hundred thousand rows are alive
    try:
        result = asyncio.run(_import(args, ServiceSettings().database_url))
    except ImportRefused as refusal:
        print(f"import refused, nothing written: {refusal}", file=sys.stderr)
        return 2
    _report(result, args.errors)
    return 1 if result.invalid else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shequ-registry")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("import", help="import a resident ledger (CSV or XLSX)")
    run.add_argument("file", type=Path, help="the ledger: .csv (UTF-8 or GBK), .xlsx")
    run.add_argument("--office", required=True, help="the community or grid code")
    run.add_argument(
        "--actor", help=f"the staff id recorded as importing (default {SYSTEM_ACTOR})"
    )
    run.add_argument("--errors", type=Path, help="write the invalid rows to this CSV")
    run.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    return parser


async def _import(args: argparse.Namespace, database_url: str) -> ImportResult:
    async with create_pool(database_url, min_size=1, max_size=2) as pool:
        async with pool.acquire() as conn:
            await migrate(conn, [*store_migrations(), *GUARD_MIGRATIONS])
        store = EventStore(pool, CATALOG)
        now = datetime.now(UTC)
        by = (
            await _staff(store, args.actor, now)
            if args.actor
            else Acting(staff_id=SYSTEM_ACTOR, office=args.office, now=now)
        )
        return await import_ledger(
            store,
            args.file,
            office=args.office,
            by=by,
            batch_size=args.batch_size,
            progress=_progress(),
        )


async def _staff(store: EventStore, staff_id: str, now: datetime) -> Acting:
    """The acting staff member: enrolled, active and allowed to register people."""
    member, _ = await load(store, staff.DECIDER, staff_id)
    if member is None or member.status != "active":
        raise ImportRefused(f"{staff_id} is not an active staff member")
    if not ACCESS.writers & member.roles:
        raise ImportRefused(f"staff {staff_id} may not register residents")
    return Acting(staff_id=staff_id, office=member.office, now=now)


def _progress() -> Progress:
    started = time.perf_counter()

    def show(done: int, total: int) -> None:
        rate = done / max(time.perf_counter() - started, 1e-9)
        print(f"{done:,}/{total:,} rows  {rate:,.0f} rows/s", file=sys.stderr)

    return show


def _report(result: ImportResult, errors: Path | None) -> None:
    print(result.summary())
    if errors is None:
        for row in result.invalid_rows:
            print("\n".join(row.lines()))
        return
    # utf-8-sig: Excel opens the file with its Chinese intact.
    with errors.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["row", "field", "problem"])
        for row in result.invalid_rows:
            writer.writerows([row.row, p.field, p.message] for p in row.problems)
    print(f"invalid rows written to {errors}")
