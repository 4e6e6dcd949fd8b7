"""``shequ-dev run`` as a user runs it, for tests that need the whole stack (整体启动).

A test gets a project folder of its own (:func:`project_folder`), starts the
supervisor in it on a free port of 127.0.0.1 (:func:`start_supervisor`) and reads what
it prints (:class:`SupervisorRun`): pids, the database, "ready". Everything started is
stopped by pid, never by name, since other test runs share the machine.

The supervisor runs as ``python -c "from shequ.service.cli import main; main()"`` in
this interpreter, so the test environment needs ``shequ-service`` installed; this
module does not import it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from shequ.devinfra import remove_postgres_data
from shequ.devinfra._process import free_port, process_alive

__all__ = ["SupervisorRun", "descendants", "project_folder", "start_supervisor"]

READY = r"ready: open http://127\.0\.0\.1:\d+/"  # the supervisor's last start line


def descendants(root: int) -> set[int]:
    """Every live pid below ``root`` in the process tree (children, theirs, …)."""
    children: dict[int, set[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The parent pid follows the command name, which may hold any character.
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # gone between the listing and the read
            continue
        children.setdefault(int(fields[1]), set()).add(int(stat.parent.name))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _started_at(pid: int) -> str | None:
    """The pid's start time in clock ticks since boot; None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[19]
    except OSError:
        return None


def _still_running(pid: int, started_at: str) -> bool:
    # The same process, not another one given its pid since (pids wrap at 32768).
    return process_alive(pid) and _started_at(pid) == started_at


@dataclass
class SupervisorRun:
    """One ``shequ-dev run`` in a project folder; its terminal output in a file."""

    process: subprocess.Popen[bytes]
    output: Path
    url: str
    # Every pid seen under it, with its start time: the sweep kills only these.
    tree: dict[int, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """All the supervisor and its services printed so far."""
        return self.output.read_text(errors="replace")

    def wait_for(self, pattern: str, timeout: float = 90.0) -> re.Match[str]:
        """The first match of ``pattern`` in the output; fails if it never comes."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := re.search(pattern, self.text):
                return found
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no {pattern!r} in the output:\n{self.text}")

    def pids_of(self, service: str) -> list[int]:
        """The service's pids in the order the supervisor reported them ready."""
        found = re.findall(
            rf"{service} (?:ready|is up again) on \S+ \(pid (\d+)", self.text
        )
        return [int(pid) for pid in found]

    def pid_of(self, service: str) -> int:
        """The pid the service runs as now (the last one reported ready)."""
        return self.pids_of(service)[-1]

    def database_url(self) -> str:
        """The PostgreSQL address the supervisor printed."""
        return self.wait_for(r"PostgreSQL (postgresql://\S+)").group(1)

    def note_tree(self) -> None:
        """Remember every pid under the supervisor now, to be sure to stop it later.

        A service restarted after a kill is a new pid: note the tree again after it.
        """
        for pid in descendants(self.process.pid):
            if (started_at := _started_at(pid)) is not None:
                self.tree[pid] = started_at

    def stop(
        self,
        sig: signal.Signals = signal.SIGTERM,
        timeout: float = 40.0,
        *,
        sweep: bool = True,
    ) -> int:
        """Send ``sig``, SIGKILL after ``timeout`` s; the supervisor's exit code.

        Then, with ``sweep``, waits for its tree to go (PR_SET_PDEATHSIG takes a
        moment) and kills whatever of it is still alive. A test that checks the
        supervisor stops its own tree passes ``sweep=False``, so as not to do it
        for the supervisor before looking.
        """
        self.note_tree()
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        if sweep:
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and self._left():
                time.sleep(0.05)
            for pid in self._left():
                with suppress(ProcessLookupError):  # it went meanwhile
                    os.kill(pid, signal.SIGKILL)
        return code

    def _left(self) -> list[int]:
        return [pid for pid, at in self.tree.items() if _still_running(pid, at)]


@contextmanager
def project_folder(prefix: str = "shequ-test-run-") -> Iterator[Path]:
    """A fresh project folder, removed afterwards with its PostgreSQL data.

    Under /tmp with mode 755, not pytest's tmp_path: the PostgreSQL user must reach
    its data directory.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        remove_postgres_data(folder / ".run" / "postgres")
        shutil.rmtree(folder, ignore_errors=True)


def start_supervisor(
    project: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
    ready_timeout: float = 90.0,
) -> SupervisorRun:
    """``shequ-dev run --port <free port> *args`` in ``project``, once it said "ready".

    The environment is this process's without any ``SHEQU_`` variable (a test's
    settings must not leak into the stack), plus ``env``. The output goes to the
    next free ``run-N.txt`` in the project folder. If it does not get ready, it is
    stopped and the failure shows what it printed.
    """
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SHEQU_")}
    environment |= env or {}
    port = free_port()
    output = next(
        path for n in range(1000) if not (path := project / f"run-{n}.txt").exists()
    )
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                *("-c", "from shequ.service.cli import main; main()"),
                # Its own lines in English, which the tests read (Chinese is tested
                # in libs/service's test_service_cli).
                *("run", "--lang", "en", "--port", str(port), *args),
            ],
            cwd=project,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    run = SupervisorRun(process, output, f"http://127.0.0.1:{port}")
    try:
        run.wait_for(READY, timeout=ready_timeout)
    except BaseException:
        run.stop()
        raise
    run.note_tree()
    return run
