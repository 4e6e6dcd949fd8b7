"""``shequ-dev run``: everything on one machine, for ``make run``.

Starts PostgreSQL and NATS from pip packages unless ``SHEQU_DATABASE_URL`` /
``SHEQU_NATS_URL`` are given, gives each installed service (entry-point group
``shequ.services``) a schema of its own, a development signing key, demo data, and
serves them all at one address, printed when ready.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import socket
import sys
from importlib.metadata import entry_points
from pathlib import Path

import asyncpg
import uvicorn

from shequ.access import generate_signing_key
from shequ.contracts.catalogs import SERVICES
from shequ.devinfra.servers import start_local_infra
from shequ.service._app import create_service_app
from shequ.service._definition import ServiceDefinition
from shequ.service._gateway import Gateway
from shequ.service._settings import ServiceSettings


def say(message: str) -> None:
    """Progress for the person at the terminal."""
    print(f"shequ: {message}", file=sys.stderr, flush=True)


def installed_services() -> list[ServiceDefinition]:
    """Every service installed here, in the order of ``SERVICES``.

    Sources come first: the registry's demo people are the ones employment's demo
    surveys.
    """
    found = [ep.load()() for ep in entry_points(group="shequ.services")]
    order = {name: n for n, name in enumerate(SERVICES)}
    return sorted(found, key=lambda d: (order.get(d.name, len(order)), d.name))


async def _schemas(database_url: str, names: list[str]) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        for name in names:
            await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
    finally:
        await conn.close()


def _with_schema(database_url: str, schema: str) -> str:
    return f"{database_url}{'&' if '?' in database_url else '?'}search_path={schema}"


AUDIT_ENV = Path(".run/audit.env")


def write_audit_env(path: Path, settings: dict[str, str]) -> None:
    """``settings`` as a file for a shell to source, for ``shequ audit`` elsewhere."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(
            f"export {name}={shlex.quote(value)}\n" for name, value in settings.items()
        )
    )


def port_taken(host: str, port: int) -> bool:
    """True when something already listens on ``host:port``."""
    with socket.socket() as probe:
        # As uvicorn binds: a socket of a stopped run left in TIME_WAIT is no bar.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


async def serve(host: str, port: int, demo: bool) -> None:
    """Start infrastructure and services, serve until interrupted."""
    if port_taken(host, port):
        # Checked first: the services start before uvicorn binds, so a taken port
        # would otherwise show up after "ready", as a bind error.
        say(
            f"port {port} on {host} is taken (is shequ already running?); "
            f"choose another with SHEQU_PORT=<port> make run"
        )
        raise SystemExit(2)
    say("starting PostgreSQL and NATS (embedded unless SHEQU_*_URL are set) ...")
    with start_local_infra(
        os.environ.get("SHEQU_DATABASE_URL"), os.environ.get("SHEQU_NATS_URL")
    ) as infra:
        say(f"PostgreSQL {infra.database_url}")
        say(f"NATS       {infra.nats_url}")
        definitions = installed_services()
        await _schemas(infra.database_url, [d.name for d in definitions])
        # Reporting verifies every service's hash chains; tell it where they are.
        os.environ.setdefault(
            "SHEQU_REPORTING_STORES",
            json.dumps(
                {d.name: _with_schema(infra.database_url, d.name) for d in definitions}
            ),
        )
        audit = {
            "SHEQU_DATABASE_URL": _with_schema(infra.database_url, "reporting"),
            "SHEQU_REPORTING_STORES": os.environ["SHEQU_REPORTING_STORES"],
        }
        private, public = generate_signing_key()
        apps = {}
        for definition in definitions:
            settings = ServiceSettings(
                database_url=_with_schema(infra.database_url, definition.name),
                # Each acts as a role of its own that cannot change events.
                database_role=f"shequ_{definition.name}",
                nats_url=infra.nats_url,
                token_public_key=public,
                token_private_key=private,
            )
            apps[definition.name] = create_service_app(definition, settings)
        say(f"services: {', '.join(apps) or 'none installed yet'}")

        async def load_demos() -> None:
            for definition in definitions:
                if demo and definition.load_demo is not None:
                    say(f"loading demo data into {definition.name} ...")
                    await definition.load_demo(apps[definition.name].state.runtime)
            if "reporting" in apps:
                write_audit_env(AUDIT_ENV, audit)
                say(
                    f"auditors at a terminal: . {AUDIT_ENV} && .venv/bin/shequ audit "
                    "verify   (or log, replay, ledger; --help)"
                )
            say(f"ready: open http://{host}:{port}/   (Ctrl-C stops everything)")

        config = uvicorn.Config(
            Gateway(apps, after_start=load_demos),
            host=host,
            port=port,
            log_level="warning",
        )
        try:
            await uvicorn.Server(config).serve()
        finally:
            # The servers it names stop with this run. (A tiny file, at shutdown.)
            AUDIT_ENV.unlink(missing_ok=True)  # noqa: ASYNC240


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``shequ-dev``."""
    parser = argparse.ArgumentParser(prog="shequ-dev")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="all services with demo data on one address")
    run.add_argument("--host", default=os.environ.get("SHEQU_HOST", "127.0.0.1"))
    run.add_argument(
        "--port", type=int, default=int(os.environ.get("SHEQU_PORT", "8000"))
    )
    run.add_argument("--no-demo", action="store_true", help="start with empty ledgers")
    args = parser.parse_args(argv)
    try:
        asyncio.run(serve(args.host, args.port, demo=not args.no_demo))
    except KeyboardInterrupt:
        say("stopped")
