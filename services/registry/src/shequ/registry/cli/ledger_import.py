"""``shequ-registry import FILE --office CODE``: load a resident ledger from a terminal.

Reads ``SHEQU_DATABASE_URL`` (with the registry's schema in its search_path) and
``SHEQU_MASTER_KEY`` (the files' personal data is sealed under it, #22), and
migrates the store first, so it works on a fresh database. Progress goes to stderr
after each batch; the summary and the invalid rows to stdout, or the invalid rows to
a CSV with ``--errors``. Every line is in Chinese unless ``--lang en`` asks for
English. Exit code 0 when every row went in or was already on file,
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

from shequ.contracts.messages import N_, Msg
from shequ.contracts.personal import install_opener
from shequ.contracts.registry import CATALOG
from shequ.eventstore import EventStore, create_pool, load, migrate, store_migrations
from shequ.i18n import Language, language_of, render, translate
from shequ.keyring import shared
from shequ.registry.domain import staff
from shequ.registry.domain.access import ACCESS
from shequ.registry.domain.ledger_import import ImportRefused, ImportResult, Problem
from shequ.registry.domain.ledger_import._columns import HEADERS
from shequ.registry.domain.rules import Acting
from shequ.registry.handlers.ledger_import import BATCH_SIZE, Progress, import_ledger
from shequ.registry.readmodels.guards import GUARD_MIGRATIONS
from shequ.service import ServiceSettings, tune_gc

SYSTEM_ACTOR = "registry-import"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    language = _language(sys.argv[1:] if argv is None else argv)
    args = _parser(language).parse_args(argv)
    tune_gc()  # fewer collections while a hundred thousand rows are alive
    try:
        result = asyncio.run(_import(args, ServiceSettings(), language))
    except ImportRefused as refusal:
        reason = render(refusal.template, refusal.params, language)
        print(
            _say(
                N_("import refused, nothing written: {reason}"), language, reason=reason
            ),
            file=sys.stderr,
        )
        return 2
    _report(result, args.errors, language)
    return 1 if result.invalid else 0


def _language(argv: Sequence[str]) -> Language:
    """``--lang`` read before the parser, whose help is shown in that language."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", default="zh")
    known, _ = early.parse_known_args(argv)
    return language_of(known.lang)


def _say(text: Msg, language: Language, **params: object) -> str:
    return render(text, params, language)


def _parser(language: Language) -> argparse.ArgumentParser:
    def t(text: Msg) -> str:
        return translate(text, language)

    parser = argparse.ArgumentParser(prog="shequ-registry")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "import", help=t(N_("import a resident ledger (CSV or XLSX)"))
    )
    run.add_argument(
        "file", type=Path, help=t(N_("the ledger: .csv (UTF-8 or GBK), .xlsx"))
    )
    run.add_argument(
        "--office", required=True, help=t(N_("the community or grid code"))
    )
    run.add_argument(
        "--actor",
        help=_say(
            N_("the staff id recorded as importing (default {actor})"),
            language,
            actor=SYSTEM_ACTOR,
        ),
    )
    run.add_argument(
        "--errors", type=Path, help=t(N_("write the invalid rows to this CSV"))
    )
    run.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    run.add_argument(
        "--lang", default="zh", help=t(N_("language of the output: zh (default) or en"))
    )
    return parser


async def _import(
    args: argparse.Namespace, settings: ServiceSettings, language: Language
) -> ImportResult:
    if not settings.master_key:
        raise RuntimeError("SHEQU_MASTER_KEY is not set: personal data is sealed")
    ring = shared(settings.keyring_url or settings.database_url, settings.master_key)
    async with create_pool(settings.database_url, min_size=1, max_size=2) as pool:
        async with pool.acquire() as conn:
            await migrate(conn, [*store_migrations(), *GUARD_MIGRATIONS])
        await ring.attach()
        install_opener(ring)
        try:
            store = EventStore(pool, CATALOG, keyring=ring)
            return await _import_with(args, store, language)
        finally:
            await ring.detach()


async def _import_with(
    args: argparse.Namespace, store: EventStore, language: Language
) -> ImportResult:
    """Import the file into ``store`` as the actor the arguments name."""
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
        progress=_progress(language),
    )


async def _staff(store: EventStore, staff_id: str, now: datetime) -> Acting:
    """The acting staff member: enrolled, active and allowed to register people."""
    member, _ = await load(store, staff.DECIDER, staff_id)
    if member is None or member.status != "active":
        raise ImportRefused(
            N_("{staff_id} is not an active staff member"), staff_id=staff_id
        )
    if not ACCESS.writers & member.roles:
        raise ImportRefused(
            N_("staff {staff_id} may not register residents"), staff_id=staff_id
        )
    return Acting(staff_id=staff_id, office=member.office, now=now)


def _progress(language: Language) -> Progress:
    started = time.perf_counter()

    def show(done: int, total: int) -> None:
        rate = done / max(time.perf_counter() - started, 1e-9)
        line = N_("{done:,}/{total:,} rows  {rate:,.0f} rows/s")
        print(_say(line, language, done=done, total=total, rate=rate), file=sys.stderr)

    return show


def _report(result: ImportResult, errors: Path | None, language: Language) -> None:
    summary = N_(
        "read {read:,}, added {added:,}, already registered {already:,},"
        " invalid {invalid:,}"
    )
    print(
        _say(
            summary,
            language,
            read=result.read,
            added=result.added,
            already=result.already_registered,
            invalid=result.invalid,
        )
    )
    if errors is None:
        for row in result.invalid_rows:
            for p in row.problems:
                line = N_("row {row}: {field}: {problem}")
                shown = _field(p.field, language)
                print(
                    _say(
                        line,
                        language,
                        row=row.row,
                        field=shown,
                        problem=_why(p, language),
                    )
                )
        return
    # utf-8-sig: Excel opens the file with its Chinese intact.
    with errors.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        header = (N_("row"), N_("field"), N_("problem"))
        writer.writerow([translate(text, language) for text in header])
        for row in result.invalid_rows:
            writer.writerows(
                [row.row, _field(p.field, language), _why(p, language)]
                for p in row.problems
            )
    print(_say(N_("invalid rows written to {path}"), language, path=errors))


def _field(field: str, language: Language) -> str:
    """A column as the ledger names it: its Chinese header, or the field in English."""
    return HEADERS[field][0] if language == "zh" and field in HEADERS else field


def _why(problem: Problem, language: Language) -> str:
    return render(problem.template or problem.message, problem.params, language)
