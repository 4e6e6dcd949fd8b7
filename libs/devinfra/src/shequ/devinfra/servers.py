"""Local infrastructure for ``make run`` (本地环境): given URLs, or embedded servers.

Without ``run_dir`` the embedded servers are throwaway (tests, benchmarks); with it
they keep their data in ``run_dir/postgres`` and ``run_dir/nats``, PostgreSQL durable
(fsync on). Nothing is printed; the caller decides what to tell the user (``notes``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from shequ.devinfra._nats import EmbeddedNats
from shequ.devinfra._postgres import EmbeddedPostgres


@dataclass
class LocalInfra:
    """URLs to use; close() stops only the servers that start_local_infra started."""

    database_url: str
    nats_url: str
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)
    postgres: EmbeddedPostgres | None = None
    nats: EmbeddedNats | None = None
    notes: list[str] = field(default_factory=list)

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def start_local_infra(
    database_url: str | None, nats_url: str | None, *, run_dir: Path | None = None
) -> LocalInfra:
    """Use the given URLs as they are; start an embedded server for each missing one.

    ``run_dir``: keep the embedded servers' data there (durable), not in /tmp.
    """
    closers: list[Callable[[], None]] = []
    postgres = nats = None
    try:
        if database_url is None:
            postgres = (
                EmbeddedPostgres()
                if run_dir is None
                else EmbeddedPostgres(run_dir / "postgres", durable=True)
            ).start()
            closers.append(postgres.stop)
            database_url = postgres.dsn
        if nats_url is None:
            nats = EmbeddedNats(None if run_dir is None else run_dir / "nats").start()
            closers.append(nats.close)
            nats_url = nats.url
    except BaseException:
        for close in reversed(closers):
            close()
        raise
    notes = postgres.notes if postgres is not None else []
    return LocalInfra(database_url, nats_url, closers, postgres, nats, notes)
