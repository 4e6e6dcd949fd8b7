"""A ledger import from a terminal: its language, its progress, its report.

Every line is in Chinese unless ``--lang en`` asks for English (read before the
parser, whose help is shown in that language: :func:`cli_language`). Progress goes
to stderr after each batch (:func:`progress_printer`); the summary and the invalid
rows to stdout, or the invalid rows to a CSV (:func:`print_report`), each field
named by its column as Chinese ledgers head it. The store is opened as the
service's (:func:`cli_store`), migrated first, so it works on a fresh database.
:func:`run_import` runs a service's import and gives the exit code every import
command answers: 0 when every row went in or was on file, 1 when some rows were
invalid (the valid ones still loaded), 2 when the file was refused and nothing written.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import sys
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from shequ.access import OfficeCode
from shequ.contracts import EventCatalog
from shequ.contracts.ledgers import Headers, ImportRefused, ImportResult, Problem
from shequ.contracts.messages import N_, Msg
from shequ.contracts.personal import install_opener
from shequ.eventstore import (
    EventStore,
    Migration,
    create_pool,
    migrate,
    store_migrations,
)
from shequ.i18n import Language, language_of, render, translate
from shequ.keyring import shared
from shequ.service._settings import ServiceSettings

Progress = Callable[[int, int], None]  # (rows written, rows in the file)


def cli_language(argv: Sequence[str]) -> Language:
    """``--lang`` read before the parser, whose help is shown in that language."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", default="zh")
    known, _ = early.parse_known_args(argv)
    return language_of(known.lang)


def import_parser(
    language: Language,
    *,
    prog: str,
    what: Msg,
    office: Msg,
    actor: str,
    batch_size: int,
) -> argparse.ArgumentParser:
    """``<prog> import FILE --office CODE [--actor ID] [--errors CSV] [--lang en]``.

    ``what`` says what the file is, ``office`` what the code names; ``actor`` is
    the staff id recorded when ``--actor`` is not given.
    """

    def t(text: Msg) -> str:
        return translate(text, language)

    parser = argparse.ArgumentParser(prog=prog)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("import", help=t(what))
    run.add_argument(
        "file", type=Path, help=t(N_("the ledger: .csv (UTF-8 or GBK), .xlsx"))
    )
    run.add_argument("--office", required=True, help=t(office))
    default = N_("the staff id recorded as importing (default {actor})")
    run.add_argument("--actor", help=say(default, language, actor=actor))
    run.add_argument(
        "--errors", type=Path, help=t(N_("write the invalid rows to this CSV"))
    )
    run.add_argument("--batch-size", type=int, default=batch_size)
    run.add_argument(
        "--lang", default="zh", help=t(N_("language of the output: zh (default) or en"))
    )
    return parser


def say(text: Msg, language: Language, **params: object) -> str:
    """``text`` with its ``params``, in ``language``."""
    return render(text, params, language)


def refusal(error: ImportRefused, language: Language) -> str:
    """The line saying a whole file was refused and nothing written."""
    reason = render(error.template, error.params, language)
    return say(N_("import refused, nothing written: {reason}"), language, reason=reason)


def importing_office(code: str) -> str:
    """``--office`` as an office code, or ImportRefused naming ``office``."""
    try:
        return str(OfficeCode(code))
    except ValueError:
        raise ImportRefused(
            N_("{office} is not an office code"), field="office", office=code
        ) from None


def run_import(
    work: Coroutine[Any, Any, ImportResult],
    *,
    summary: Msg,
    errors: Path | None,
    headers: Headers,
    language: Language,
) -> int:
    """Run ``work`` (a service's import), report it, and answer the exit code.

    A refused file is said on stderr (2); otherwise the counts in ``summary``'s
    words and the invalid rows (:func:`print_report`), then 1 if any, else 0.
    """
    try:
        result = asyncio.run(work)
    except ImportRefused as refused:
        print(refusal(refused, language), file=sys.stderr)
        return 2
    print_report(result, summary, errors, headers, language)
    return 1 if result.invalid else 0


def progress_printer(language: Language) -> Progress:
    """Prints ``12,000/100,000 rows  3,100 rows/s`` to stderr."""
    started = time.perf_counter()

    def show(done: int, total: int) -> None:
        rate = done / max(time.perf_counter() - started, 1e-9)
        line = N_("{done:,}/{total:,} rows  {rate:,.0f} rows/s")
        print(say(line, language, done=done, total=total, rate=rate), file=sys.stderr)

    return show


def print_report(
    result: ImportResult,
    summary: Msg,
    errors: Path | None,
    headers: Headers,
    language: Language,
) -> None:
    """The counts, then the invalid rows: printed, or to the CSV ``errors``.

    ``summary`` says the counts with ``{read}``, ``{added}``, ``{already}`` and
    ``{invalid}``, in the service's words.
    """
    counts = {
        "read": result.read,
        "added": result.added,
        "already": result.already_registered,
        "invalid": result.invalid,
    }
    print(say(summary, language, **counts))
    if errors is None:
        for row in result.invalid_rows:
            for p in row.problems:
                line = N_("row {row}: {field}: {problem}")
                shown = _field(p.field, headers, language)
                why = _why(p, language)
                print(say(line, language, row=row.row, field=shown, problem=why))
        return
    # utf-8-sig: Excel opens the file with its Chinese intact.
    with errors.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        header = (N_("row"), N_("field"), N_("problem"))
        writer.writerow([translate(text, language) for text in header])
        for row in result.invalid_rows:
            writer.writerows(
                [row.row, _field(p.field, headers, language), _why(p, language)]
                for p in row.problems
            )
    print(say(N_("invalid rows written to {path}"), language, path=errors))


def _field(field: str, headers: Headers, language: Language) -> str:
    """A column as the ledger names it: its Chinese header, or the field in English."""
    return headers[field][0] if language == "zh" and field in headers else field


def _why(problem: Problem, language: Language) -> str:
    return render(problem.template or problem.message, problem.params, language)


@contextlib.asynccontextmanager
async def cli_store(
    settings: ServiceSettings, catalog: EventCatalog, migrations: list[Migration]
) -> AsyncIterator[EventStore]:
    """The service's store from ``SHEQU_DATABASE_URL``, its tables migrated first.

    Personal data is sealed under ``SHEQU_MASTER_KEY`` (#22), so it must be set.
    """
    if not settings.master_key:
        raise RuntimeError("SHEQU_MASTER_KEY is not set: personal data is sealed")
    ring = shared(settings.keyring_url or settings.database_url, settings.master_key)
    async with create_pool(settings.database_url, min_size=1, max_size=2) as pool:
        async with pool.acquire() as conn:
            await migrate(conn, [*store_migrations(), *migrations])
        await ring.attach()
        install_opener(ring)
        try:
            yield EventStore(pool, catalog, keyring=ring)
        finally:
            await ring.detach()
