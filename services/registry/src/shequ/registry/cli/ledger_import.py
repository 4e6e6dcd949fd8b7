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
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from shequ.contracts.messages import N_
from shequ.contracts.registry import CATALOG
from shequ.eventstore import EventStore, load
from shequ.i18n import Language
from shequ.registry.domain import staff
from shequ.registry.domain.access import ACCESS
from shequ.registry.domain.ledger_import import HEADERS, ImportRefused, ImportResult
from shequ.registry.domain.rules import Acting
from shequ.registry.handlers.ledger_import import BATCH_SIZE, import_ledger
from shequ.registry.readmodels.guards import GUARD_MIGRATIONS
from shequ.service import ServiceSettings, tune_gc
from shequ.service.ledgers import (
    cli_language,
    cli_store,
    import_parser,
    progress_printer,
    run_import,
)

SYSTEM_ACTOR = "registry-import"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    language = cli_language(sys.argv[1:] if argv is None else argv)
    args = _parser(language).parse_args(argv)
    tune_gc()  # fewer collections while a hundred thousand rows are alive
    summary = N_(
        "read {read:,}, added {added:,}, already registered {already:,},"
        " invalid {invalid:,}"
    )
    return run_import(
        _import(args, ServiceSettings(), language),
        summary=summary,
        errors=args.errors,
        headers=HEADERS,
        language=language,
    )


def _parser(language: Language) -> argparse.ArgumentParser:
    return import_parser(
        language,
        prog="shequ-registry",
        what=N_("import a resident ledger (CSV or XLSX)"),
        office=N_("the community or grid code"),
        actor=SYSTEM_ACTOR,
        batch_size=BATCH_SIZE,
    )


async def _import(
    args: argparse.Namespace, settings: ServiceSettings, language: Language
) -> ImportResult:
    async with cli_store(settings, CATALOG, GUARD_MIGRATIONS) as store:
        return await _import_with(args, store, language)


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
        progress=progress_printer(language),
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
