"""``shequ-dev``: everything on one machine, for ``make run`` and ``make clean``.

``shequ-dev run`` is a supervisor (_supervisor.py): PostgreSQL and NATS from pip
packages unless ``SHEQU_DATABASE_URL`` / ``SHEQU_NATS_URL`` are given, their data
kept in ``.run/`` across runs (PostgreSQL with fsync on), signing keys kept in
``.run/keys``, then each installed service (entry-point group ``shequ.services``) in
a process of its own (worker.py), restarted if it dies, all served at one address
(_proxy.py), printed when ready. The demo district is loaded on a database's first
run. ``shequ-dev clean`` deletes what ``.run`` keeps. ``shequ-dev backup`` and
``shequ-dev restore`` copy the stores to a folder and back (_backup_cli.py).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from shequ.contracts.messages import N_
from shequ.i18n import language_of
from shequ.service import _backup_cli
from shequ.service._rundir import (
    LANGUAGE,
    port_taken,
    run_lock,
    say,
    wipe,
    write_audit_env,
)
from shequ.service._supervisor import Options, supervise

__all__ = ["main", "port_taken", "write_audit_env"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``shequ-dev``."""
    parser = argparse.ArgumentParser(prog="shequ-dev")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run", help="every service, each in its own process, on one address"
    )
    run.add_argument("--host", default=os.environ.get("SHEQU_HOST", "127.0.0.1"))
    run.add_argument(
        "--port", type=int, default=int(os.environ.get("SHEQU_PORT", "8000"))
    )
    run.add_argument("--no-demo", action="store_true", help="start with empty ledgers")
    run.add_argument(
        "--services",
        help="only these, comma-separated (e.g. registry,employment); default: all",
    )
    run.add_argument(
        "--fresh",
        action="store_true",
        help="delete the kept data, keys and logs of .run first",
    )
    run.add_argument(
        "--run-dir", type=Path, default=Path(".run"), help=argparse.SUPPRESS
    )
    clean = commands.add_parser(
        "clean", help="delete what .run keeps (data, keys, logs)"
    )
    clean.add_argument(
        "--run-dir", type=Path, default=Path(".run"), help=argparse.SUPPRESS
    )
    for command in (run, clean, *_backup_cli.add_parsers(commands)):
        command.add_argument(
            "--lang",
            default=os.environ.get("SHEQU_LANG", "zh"),
            help="zh (default) or en: the language of these lines",
        )
    args = parser.parse_args(argv)
    LANGUAGE[0] = language_of(args.lang)
    if args.command in ("backup", "restore"):
        _backup_cli.run(args)
        return
    if args.command == "clean":
        with run_lock(args.run_dir):  # never under a running shequ-dev run
            removed = wipe(args.run_dir)
        say(
            N_("deleted {count} kept item(s) of {folder}"),
            count=len(removed),
            folder=args.run_dir,
        )
        return
    services = (
        [name.strip() for name in args.services.split(",") if name.strip()]
        if args.services
        else None
    )
    supervise(
        Options(
            host=args.host,
            port=args.port,
            demo=not args.no_demo,
            services=services,
            fresh=args.fresh,
            run_dir=args.run_dir,
        )
    )
