"""``shequ-dev backup`` and ``shequ-dev restore``: the stores to a folder and back.

Which stores: ``--store NAME=DSN`` (repeated), else ``SHEQU_REPORTING_STORES`` — the
variable ``shequ audit verify`` reads, which ``make run`` writes to ``.run/audit.env``.
The key table: ``--keyring DSN``, else ``SHEQU_KEYRING_URL``, else the first store's
database. A restore gives every store back, verifies every hash chain and compares the
counts with the backup's manifest: exit 0 when all holds, 1 when a chain is broken or
a count differs, 2 when it could not go on (a schema not fresh, a tool missing).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path

from shequ.contracts.messages import N_
from shequ.i18n import render
from shequ.service._backup import (
    KEYRING,
    BackupError,
    Figures,
    Store,
    dump,
    read_manifest,
    write_manifest,
)
from shequ.service._restore import load, load_keyring, renumber_and_verify
from shequ.service._rundir import LANGUAGE, say


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> list[argparse.ArgumentParser]:
    """The ``backup`` and ``restore`` sub-commands, for ``shequ-dev``'s parser."""
    backup = commands.add_parser(
        "backup", help="every store and the key table to a folder (pg_dump)"
    )
    backup.add_argument("--to", type=Path, required=True, help="a new folder")
    restore = commands.add_parser(
        "restore", help="a backup folder into a fresh server; verifies every hash chain"
    )
    restore.add_argument("--from", dest="source", type=Path, required=True)
    for command in (backup, restore):
        command.add_argument(
            "--store",
            action="append",
            default=[],
            metavar="NAME=DSN",
            help="a store (default: every one in SHEQU_REPORTING_STORES)",
        )
        command.add_argument(
            "--keyring", help="the key table's database (default: SHEQU_KEYRING_URL)"
        )
    return [backup, restore]


def run(args: argparse.Namespace) -> None:
    """Run ``backup`` or ``restore``; exits 1 or 2 as the module says."""
    try:
        stores = _stores(args.store)
        keyring = args.keyring or os.environ.get("SHEQU_KEYRING_URL") or stores[0].dsn
        if args.command == "backup":
            if args.to.exists() and any(args.to.iterdir()):
                raise BackupError(N_("{folder} is not empty"), folder=args.to)
            args.to.mkdir(parents=True, exist_ok=True)
            asyncio.run(backup(args.to, stores, keyring))
        elif not asyncio.run(restore(args.source, stores, keyring)):
            sys.exit(1)
    except BackupError as error:
        reason = render(error.template, error.params, LANGUAGE[0])
        say(N_("stopped: {reason}"), reason=reason)
        sys.exit(2)


def _stores(given: list[str]) -> list[Store]:
    if given:
        return [Store.parse(text) for text in given]
    stores = os.environ.get("SHEQU_REPORTING_STORES")
    if not stores:
        raise BackupError(N_("no --store and no SHEQU_REPORTING_STORES"))
    return [Store(name, dsn) for name, dsn in json.loads(stores).items()]


async def backup(folder: Path, stores: list[Store], keyring: str) -> None:
    """Dump each store, then the key table, into ``folder`` (empty), and a manifest."""
    figures: dict[str, Figures] = {}
    for store in stores:
        figures[store.name] = await dump(store.dsn, folder / f"{store.name}.dump")
        say(
            N_("backed up {store}: {events} events in {streams} streams"),
            store=store.name,
            events=figures[store.name].events,
            streams=figures[store.name].streams,
        )
    figures[KEYRING] = await dump(keyring, folder / f"{KEYRING}.dump", keyring=True)
    say(N_("backed up the key table: {keys} keys"), keys=figures[KEYRING].keys)
    write_manifest(folder, figures)
    say(
        N_(
            "backup in {folder}; a restore also needs the master key "
            "(SHEQU_MASTER_KEY), which is not in it"
        ),
        folder=folder,
    )


async def restore(folder: Path, stores: list[Store], keyring: str) -> bool:
    """Load every store and the key table; True when every chain and count holds."""
    manifest = read_manifest(folder)
    missing = [s.name for s in stores if s.name not in manifest]
    if missing:
        raise BackupError(
            N_("{folder} holds no store named {names}"),
            folder=folder,
            names=", ".join(missing),
        )
    keys = await load_keyring(folder / f"{KEYRING}.dump", keyring, manifest[KEYRING])
    all_hold = keys == manifest[KEYRING].keys
    say(N_("restored the key table: {keys} keys"), keys=keys)
    for store in stores:
        expected = manifest[store.name]
        await load(folder / f"{store.name}.dump", store.dsn, expected)
        restored = await renumber_and_verify(store.dsn)
        holds = restored.intact and (
            restored.events,
            restored.streams,
            restored.commands,
        ) == (expected.events, expected.streams, expected.commands)
        all_hold = all_hold and holds
        say(
            N_(
                "restored {store}: {events} events in {streams} streams, "
                "{commands} commands; hash chains {verdict}"
            ),
            store=store.name,
            events=restored.events,
            streams=restored.streams,
            commands=restored.commands,
            verdict=N_("intact") if restored.intact else N_("BROKEN"),
        )
        if restored.transactions:
            say(
                N_(
                    "{store}: the {transactions} writing transactions renumbered below "
                    "this server's (they went up to {highest})"
                ),
                store=store.name,
                transactions=restored.transactions,
                highest=restored.highest_before,
            )
        if not holds:
            say(
                N_("{store} differs from the backup: it held {events} events"),
                store=store.name,
                events=expected.events,
            )
    return all_hold
