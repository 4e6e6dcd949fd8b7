"""What a ``make run`` keeps and says (运行目录): ``.run``, its lock, logs and notes.

The terminal's progress lines, the one-run-per-``.run`` lock, wiping it, rotating
logs, the auditors' ``audit.env``, a schema per service, and the database's own note
of which demos it holds.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shlex
import shutil
import socket
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from shequ.contracts.catalogs import SERVICES
from shequ.contracts.messages import N_
from shequ.devinfra import remove_postgres_data
from shequ.i18n import Language, render

#: The terminal's language: Chinese unless ``shequ-dev --lang en`` asked otherwise.
LANGUAGE: list[Language] = ["zh"]


def say(message: str, **params: object) -> None:
    """Progress for the person at the terminal, a marked text in their language."""
    print(f"shequ: {render(message, params, LANGUAGE[0])}", file=sys.stderr, flush=True)


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


def write_audit_env(path: Path, settings: dict[str, str]) -> None:
    """``settings`` as a file for a shell to source, for ``shequ audit`` elsewhere."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(
            f"export {name}={shlex.quote(value)}\n" for name, value in settings.items()
        )
    )


def with_schema(database_url: str, schema: str) -> str:
    return f"{database_url}{'&' if '?' in database_url else '?'}search_path={schema}"


def masked(url: str) -> str:
    """``url`` with its password, if any, as ``***`` (for the terminal)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def installed_services() -> list[str]:
    """The names of the services installed here, in the order of ``SERVICES``.

    Sources come first: the registry's demo people are the ones employment's demo
    surveys. Only the names: a service's code is imported by its own process.
    """
    names = {ep.name for ep in entry_points(group="shequ.services")}
    order = {name: n for n, name in enumerate(SERVICES)}
    return sorted(names, key=lambda name: (order.get(name, len(order)), name))


# -- the database's own notes -----------------------------------------------------

DEMO_SCHEMA = """
CREATE SCHEMA IF NOT EXISTS shequ_dev;
CREATE TABLE IF NOT EXISTS shequ_dev.demo_loaded (
    service text PRIMARY KEY,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
"""


async def prepare_database(database_url: str, services: list[str]) -> set[str]:
    """A schema per service; which services' demos this database already holds."""
    conn = await asyncpg.connect(database_url)
    try:
        for name in services:
            await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
        await conn.execute(DEMO_SCHEMA)
        rows = await conn.fetch("SELECT service FROM shequ_dev.demo_loaded")
        return {row["service"] for row in rows}
    finally:
        await conn.close()


async def remember_demo(database_url: str, service: str) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            "INSERT INTO shequ_dev.demo_loaded (service) VALUES ($1)"
            " ON CONFLICT DO NOTHING",
            service,
        )
    finally:
        await conn.close()


@contextlib.contextmanager
def run_lock(run_dir: Path) -> Iterator[None]:
    """One supervisor per ``.run``; released by the kernel even after ``kill -9``."""
    run_dir.mkdir(parents=True, exist_ok=True)
    with (run_dir / "supervisor.lock").open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "?"
            say(
                N_(
                    "another shequ-dev run (pid {pid}) is using {folder}; stop it"
                    " first (Ctrl-C in its terminal, or kill it)"
                ),
                pid=holder,
                folder=run_dir,
            )
            raise SystemExit(2) from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        yield


def wipe(run_dir: Path) -> list[Path]:
    """Delete what a run keeps (data, keys, logs), the lock file aside."""
    removed = remove_postgres_data(run_dir / "postgres")
    if run_dir.exists():
        for path in run_dir.iterdir():
            if path.name == "supervisor.lock":
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


def rotate_log(log: Path, limit: int = 10 * 1024 * 1024) -> None:
    """Keep one run's worth and the run before; start afresh past ``limit``."""
    if log.exists() and log.stat().st_size > limit:
        log.replace(log.with_name(f"{log.name}.1"))
