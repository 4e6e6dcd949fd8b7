"""Local infrastructure for ``make run`` (本地环境): given URLs, or throwaway servers.

Nothing is printed; the caller decides what to tell the user.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Self

from shequ.devinfra._nats import EmbeddedNats
from shequ.devinfra._postgres import EmbeddedPostgres


@dataclass
class LocalInfra:
    """URLs to use; close() stops only the servers that start_local_infra started."""

    database_url: str
    nats_url: str
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def close(self) -> None:
        while self._closers:
            self._closers.pop()()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def start_local_infra(database_url: str | None, nats_url: str | None) -> LocalInfra:
    """Use the given URLs as they are; start an embedded server for each missing one."""
    closers: list[Callable[[], None]] = []
    try:
        if database_url is None:
            postgres = EmbeddedPostgres().start()
            closers.append(postgres.stop)
            database_url = postgres.dsn
        if nats_url is None:
            nats = EmbeddedNats().start()
            closers.append(nats.close)
            nats_url = nats.url
    except BaseException:
        for close in reversed(closers):
            close()
        raise
    return LocalInfra(database_url, nats_url, closers)
