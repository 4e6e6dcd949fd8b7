"""``shequ-mediation import FILE --office CODE``: a mediation ledger from a terminal.

For moving in: an office's existing people's mediation ledger (人民调解台帐) loaded
as the upload loads it (handlers/ledger_import): every row decided first, each row's
dispute written whole or not at all, a 编号 already imported counted as on file.
``--office`` is the committee's office: a row's mediators must serve on it. Reads
``SHEQU_DATABASE_URL`` (mediation's schema in its search_path), ``SHEQU_MASTER_KEY``
and the ``SHEQU_MEDIATION_*`` rules. Lines in Chinese unless ``--lang en``. Exit
code 0 when every row went in or was on file, 1 when some rows were invalid (the
valid ones are still loaded), 2 when the file was refused and nothing was written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from shequ.access import Acting
from shequ.contracts.ledgers import ImportResult, Ledger
from shequ.contracts.mediation import CATALOG
from shequ.contracts.messages import N_
from shequ.eventstore import EventStore
from shequ.i18n import Language
from shequ.mediation.domain.ledger import HEADERS
from shequ.mediation.handlers.ledger_import import (
    BATCH_SIZE,
    import_ledger,
    read_ledger,
)
from shequ.mediation.readmodels import committee
from shequ.mediation.settings import mediation_settings
from shequ.service import ServiceSettings, tune_gc
from shequ.service.ledgers import (
    cli_language,
    cli_store,
    import_parser,
    importing_office,
    progress_printer,
    run_import,
)

SYSTEM_ACTOR = "mediation-import"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    language = cli_language(sys.argv[1:] if argv is None else argv)
    args = import_parser(
        language,
        prog="shequ-mediation",
        what=N_("import a people's mediation ledger (CSV or XLSX)"),
        office=N_("the committee's office code: a row's mediators serve on it"),
        actor=SYSTEM_ACTOR,
        batch_size=BATCH_SIZE,
    ).parse_args(argv)
    tune_gc()
    summary = N_(
        "read {read:,}, disputes put on file {added:,}, already on file {already:,},"
        " invalid {invalid:,}"
    )
    return run_import(
        _import(args, ServiceSettings(), language),
        summary=summary,
        errors=args.errors,
        headers=HEADERS,
        language=language,
    )


async def _import(
    args: argparse.Namespace, settings: ServiceSettings, language: Language
) -> ImportResult:
    office = importing_office(args.office)
    ledger = read_ledger(args.file)  # refused before the database is opened
    # The committee's table: a row's mediators are found among its serving members.
    async with cli_store(settings, CATALOG, list(committee.MIGRATIONS)) as store:
        return await _import_with(args, store, ledger, office, language)


async def _import_with(
    args: argparse.Namespace,
    store: EventStore,
    ledger: Ledger,
    office: str,
    language: Language,
) -> ImportResult:
    by = Acting(
        staff_id=args.actor or SYSTEM_ACTOR, office=office, now=datetime.now(UTC)
    )
    show = progress_printer(language)

    async def progress(counts: ImportResult) -> None:
        show(counts.read, len(ledger.rows))

    return await import_ledger(
        store,
        ledger,
        by=by,
        rules=mediation_settings().rules(),
        batch_size=args.batch_size,
        after_batch=progress,
    )
