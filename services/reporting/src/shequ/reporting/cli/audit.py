"""``shequ audit``: the audit at the command line (审计命令行).

``verify`` recomputes every service store's hash chains (exit 1 when a chain is
broken, 2 when a store could not be checked); ``log`` lists who did what (``--person``:
everything every service recorded about one person); ``replay`` shows a case as it
stood at a moment, its state folded by the owning service's own rules; ``ledger``
prints an office's unemployed ledger and figures as they stood then. Every line is in
Chinese unless ``--lang en`` asks for English; an office is shown by its name with its
code. Settings come from the environment: ``SHEQU_DATABASE_URL`` (reporting's own
database), ``SHEQU_REPORTING_STORES`` (service → DSN, JSON) and, to open sealed
personal data, ``SHEQU_MASTER_KEY`` with the key table at ``SHEQU_KEYRING_URL`` (else
the database's); ``verify`` needs no key, the chains cover what is stored, and without
one the other commands show no personal data. Tables go to stdout,
progress and errors to stderr. The command line reads as an operator of every office:
restricted data is never printed, and names are masked as for readers outside the
offices' staff.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Mapping,
    Sequence,
)
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from shequ.access import OfficeCode
from shequ.contracts import DomainError
from shequ.contracts.messages import N_, Labels, Msg
from shequ.contracts.personal import install_opener
from shequ.i18n import Language, Named, language_of, render, translate
from shequ.keyring import shared as shared_keyring
from shequ.reporting.cli._terminal import cell, moment_reader, positive, say, table
from shequ.reporting.domain.moments import recorded_by
from shequ.reporting.domain.privacy import Clearance
from shequ.reporting.readmodels import figures, views
from shequ.reporting.readmodels.audit.log import LogQuery, audit_log, first_recorded
from shequ.reporting.readmodels.audit.replay import replay
from shequ.reporting.readmodels.audit.verify import UNREACHABLE, check_stores
from shequ.reporting.readmodels.generations import serving
from shequ.reporting.readmodels.ledgers.people import names_of
from shequ.reporting.readmodels.sheets import figures_sheet, unemployed_sheet
from shequ.reporting.settings import ReportingSettings
from shequ.service import ServiceSettings
from shequ.webapi.sheets import Sheet

PAGE = 1000
TERMINAL = Clearance()  # as the module says: nothing restricted, nothing personal
STATUS_LABELS: Labels = {
    "intact": N_("intact"),
    "broken": N_("broken"),
    "unreachable": N_("unreachable"),
}
"""完好 / 已损坏 / 无法连接: a store's verification as the auditor reads it."""


@dataclass(frozen=True)
class Terminal:
    """The parsed command and the language every line is printed in."""

    args: argparse.Namespace
    language: Language

    def __call__(self, text: Msg, **params: object) -> str:
        return render(text, params, self.language)

    def headers(self, *texts: Msg) -> list[str]:
        return [translate(text, self.language) for text in texts]


Command = Callable[[Terminal], Awaitable[int]]


async def _office_names(codes: Iterable[str | None]) -> dict[str, str]:
    wanted = sorted({code for code in codes if code})
    if not wanted:
        return {}
    async with serving(ServiceSettings().database_url, "reporting-ledgers") as db:
        return await names_of(db, wanted)


def _named(code: str | None, names: dict[str, str]) -> Named | str | None:
    return Named(code, names[code]) if code and code in names else code


def _shown(value: object, language: Language) -> object:
    return value.shown(language) if isinstance(value, Named) else value


async def _verify(t: Terminal) -> int:
    stores = ReportingSettings().stores
    if not stores:
        say(
            t(
                N_(
                    "no stores to verify: set SHEQU_REPORTING_STORES"
                    " (service → DSN, JSON)"
                )
            )
        )
        return 2
    say(t(N_("verifying {stores} ..."), stores=", ".join(sorted(stores))))
    checks = await check_stores(
        stores,
        lambda service, n: say(
            t(N_("{service}: {count} events checked"), service=service, count=n)
        ),
    )
    rows = [
        (
            c.service,
            t(STATUS_LABELS[c.status]),
            c.events_verified,
            c.streams_verified,
            b and f"{b.stream_id} v{b.version} {b.event_id}",
            b.reason if b else c.error,
        )
        for c in checks
        for b in [c.first_broken]
    ]
    headers = t.headers(
        N_("Store"),
        N_("Result"),
        N_("Events"),
        N_("Streams"),
        N_("First broken link"),
        N_("Reason"),
    )
    print(table(headers, rows))
    if any(c.status == "broken" for c in checks):
        return 1
    return 2 if any(c.status == "unreachable" for c in checks) else 0


def _count_line(t: Terminal, total: int, first: int, shown: int) -> str:
    if shown == 0:
        return t(N_("{total} in all, none shown"), total=total)
    if shown == 1:
        return t(N_("{total} in all, number {last} shown"), total=total, last=first + 1)
    return t(
        N_("{total} in all, numbers {first}–{last} shown"),
        total=total,
        first=first + 1,
        last=first + shown,
    )


async def _log(t: Terminal) -> int:
    args = t.args
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
    names = await _office_names(o for e in items for o in (e.office, e.acting_office))
    rows = [
        (
            e.recorded_at,
            e.actor,
            _shown(_named(e.acting_office, names), t.language),
            _shown(_named(e.office, names), t.language),
            e.service,
            e.event_type,
            e.stream_id,
            e.version,
        )
        for e in items
    ]
    headers = t.headers(
        N_("Recorded at"),
        N_("Actor"),
        N_("Acting office"),
        N_("Office of the record"),
        N_("Service"),
        N_("Event"),
        N_("Stream"),
        N_("Version"),
    )
    print(table(headers, rows))
    print(_count_line(t, total, (args.page - 1) * args.limit, len(items)))
    return 0


async def _replay(t: Terminal) -> int:
    args = t.args
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
    names = await _office_names([case.office, *(e.office for e in case.events)])
    print(
        t(
            N_("{stream_id} ({service} {stream_type}) as of {as_of}, office {office}"),
            stream_id=case.stream_id,
            service=case.service,
            stream_type=case.stream_type,
            as_of=cell(at),
            office=_named(case.office, names) or "-",
        )
    )
    rows = [
        (
            e.version,
            e.recorded_at,
            e.occurred_at,
            e.actor,
            _shown(_named(e.office, names), t.language),
            e.event_type,
        )
        for e in case.events
    ]
    headers = t.headers(
        N_("Version"),
        N_("Recorded at"),
        N_("Occurred at"),
        N_("Actor"),
        N_("Office"),
        N_("Event"),
    )
    print(table(headers, rows))
    print(t(N_("State then:")))
    if case.state_note is not None:
        print("  " + translate(case.state_note, t.language))
    for line in _state_lines(case.state, "  "):
        print(line)
    return 0


def _state_lines(value: Any, indent: str) -> list[str]:
    """A folded state as indented ``key: value`` lines; a list's items each a line."""
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines += [f"{indent}{key}:", *_state_lines(item, indent + "  ")]
            else:
                lines.append(f"{indent}{key}: {cell(item)}")
        return lines
    if isinstance(value, list):
        lines = []
        for item in value:
            nested = _state_lines(item, indent + "  ")
            if isinstance(item, dict) and nested:
                lines += [f"{indent}- {nested[0].strip()}", *nested[1:]]
            else:
                lines.append(f"{indent}- {cell(item)}")
        return lines
    return [] if value is None else [f"{indent}{cell(value)}"]


def _rows(sheet: Sheet, language: Language) -> list[list[object]]:
    # The terminal's sheets are built from lists (unemployed_sheet, figures_sheet).
    assert not isinstance(sheet.rows, AsyncIterable)
    return [
        [
            f"{v:.2%}" if c.key == "employment_rate" and isinstance(v, float) else shown
            for c, v in zip(sheet.columns, row, strict=True)
            for shown in [c.shown(v, language)]
        ]
        for row in sheet.rows
    ]


def _print_sheet(t: Terminal, sheet: Sheet) -> None:
    headers = [translate(c.header, t.language) for c in sheet.columns]
    print(table(headers, _rows(sheet, t.language)))


async def _ledger(t: Terminal) -> int:
    at, office = t.args.as_of or datetime.now(UTC), t.args.office
    if t.args.as_of is not None:
        async with serving(ServiceSettings().database_url, "reporting-archive") as db:
            recorded_by(at, await first_recorded(db, office), office=office)
    async with serving(ServiceSettings().database_url, "reporting-ledgers") as db:
        first = await views.unemployed_ledger(
            db, office, at, names=False, page=1, size=PAGE
        )
        rows, total = first.items, first.total
        while len(rows) < total:
            say(
                t(
                    N_("unemployed ledger: {done}/{total} rows"),
                    done=len(rows),
                    total=total,
                )
            )
            more = await views.unemployed_ledger(
                db, office, at, names=False, page=len(rows) // PAGE + 1, size=PAGE
            )
            rows += more.items
        offices = await figures.figures_at(db, office, at)
        names = await names_of(db, [office])
    named = _named(office, names)
    unemployed = unemployed_sheet(rows)
    print(
        t(
            N_("{ledger}, {office}, as of {as_of} ({total} people)"),
            ledger=unemployed.title,
            office=named,
            as_of=cell(at),
            total=total,
        )
    )
    _print_sheet(t, unemployed)
    counts = figures_sheet(offices)
    print()
    print(
        t(
            N_("{ledger}, {office}, as of {as_of}"),
            ledger=counts.title,
            office=named,
            as_of=cell(at),
        )
    )
    _print_sheet(t, counts)
    return 0


def _add_log(
    commands: Any, t: Callable[[Msg], str], common: Any, lang: Language
) -> None:
    log = commands.add_parser(
        "log", help=t(N_("who did what, newest first")), parents=[common]
    )
    log.add_argument("--actor", help=t(N_("staff id")))
    log.add_argument(
        "--person", help=t(N_("a person id: what every service recorded about them"))
    )
    log.add_argument(
        "--office", type=OfficeCode, help=t(N_("records of an office and its subtree"))
    )
    log.add_argument(
        "--acting-office",
        type=OfficeCode,
        help=t(N_("actors of an office and its subtree")),
    )
    log.add_argument("--service", help=t(N_("the service that recorded it")))
    log.add_argument("--stream", help=t(N_("stream id")))
    log.add_argument("--event-type", help=t(N_("the event's type")))
    log.add_argument(
        "--from",
        dest="start",
        type=moment_reader(lang, day_end=False),
        metavar="WHEN",
        help=t(N_("date or time")),
    )
    log.add_argument(
        "--to",
        dest="end",
        type=moment_reader(lang, day_end=True),
        metavar="WHEN",
        help=t(N_("date or time (inclusive)")),
    )
    log.add_argument(
        "--limit", type=positive(lang), default=50, help=t(N_("events a page"))
    )
    log.add_argument("--page", type=positive(lang), default=1, help=t(N_("which page")))
    log.set_defaults(run=_log)


def _language_option(parser: argparse.ArgumentParser, t: Callable[[Msg], str]) -> None:
    parser.add_argument(
        "--lang",
        default=argparse.SUPPRESS,
        metavar="LANG",
        help=t(N_("zh (the default) or en")),
    )


def _parser(lang: Language) -> argparse.ArgumentParser:
    def t(text: Msg) -> str:
        return translate(text, lang)

    common = argparse.ArgumentParser(add_help=False)
    _language_option(common, t)
    parser = argparse.ArgumentParser(
        prog="shequ", description=t(N_("shequ operations")), parents=[common]
    )
    areas = parser.add_subparsers(dest="area", required=True)
    audit = areas.add_parser(
        "audit",
        help=t(N_("audit log, case replay, chain checks")),
        description=t(N_("audit log, case replay, chain checks")),
        parents=[common],
    )
    commands = audit.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "verify",
        help=t(N_("every store's hash chains (exit 1: a chain is broken)")),
        parents=[common],
    ).set_defaults(run=_verify)
    _add_log(commands, t, common, lang)
    case = commands.add_parser(
        "replay", help=t(N_("a case as it stood at a moment")), parents=[common]
    )
    case.add_argument("stream_id", help=t(N_("stream id")))
    case.add_argument("--service", help=t(N_("when services share the stream id")))
    case.set_defaults(run=_replay)
    ledger = commands.add_parser(
        "ledger", help=t(N_("unemployed ledger and figures")), parents=[common]
    )
    ledger.add_argument(
        "--office", type=OfficeCode, required=True, help=t(N_("office code"))
    )
    ledger.set_defaults(run=_ledger)
    for command in (case, ledger):
        command.add_argument(
            "--as-of",
            type=moment_reader(lang, day_end=True),
            metavar="WHEN",
            help=t(N_("date or time; now if absent")),
        )
    return parser


def _language(argv: Sequence[str] | None) -> Language:
    """``--lang`` wherever it is given (Chinese without it), read before the rest."""
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--lang", default="zh")
    known, _ = first.parse_known_args(argv)
    return language_of(known.lang)


async def _offices_named(params: Mapping[str, object]) -> dict[str, object]:
    """``params`` with each office (``office``, ``…_office``) shown by its name."""
    offices = [
        value
        for key, value in params.items()
        if (key == "office" or key.endswith("_office")) and isinstance(value, str)
    ]
    try:
        names = await _office_names(offices) if offices else {}
    except UNREACHABLE:
        names = {}  # the refusal still goes out, with the codes
    return {
        key: _named(value, names) if value in offices else value
        for key, value in params.items()
    }


@contextlib.asynccontextmanager
async def _keys() -> AsyncIterator[None]:
    """The key ring of the environment's master key, installed to open sealed data."""
    settings = ServiceSettings()
    if not settings.master_key:
        yield
        return
    ring = shared_keyring(
        settings.keyring_url or settings.database_url,
        settings.master_key,
        role=settings.database_role,
    )
    await ring.attach()
    install_opener(ring)
    try:
        yield
    finally:
        install_opener(None)
        await ring.detach()


async def _run(command: Command, terminal: Terminal) -> int:
    try:
        async with _keys():
            return await command(terminal)
    except DomainError as error:
        say(terminal(Msg(error.template), **await _offices_named(error.params)))
    except UNREACHABLE as error:
        say(
            terminal(
                N_("cannot read reporting's database: {error}"),
                error=f"{type(error).__name__}: {error}",
            )
        )
    return 2


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``shequ``; returns the exit code."""
    language = _language(argv)
    args = _parser(language).parse_args(argv)
    return asyncio.run(_run(args.run, Terminal(args, language)))
