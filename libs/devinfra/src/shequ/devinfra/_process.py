"""Small process and socket helpers shared by the embedded servers (本地临时服务)."""

import ctypes
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

_PR_SET_PDEATHSIG = 1


class EmbeddedServerError(RuntimeError):
    """A throwaway server could not be started; the message carries its log tail."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago (bind port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, timeout: float, alive: Callable[[], bool]) -> bool:
    """Poll until 127.0.0.1:port accepts a connection; give up early if not alive()."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.01)
    return False


def log_tail(path: Path, lines: int = 20) -> str:
    """Return the last lines of a server log, or a note when there is none."""
    try:
        with path.open("rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - 64 * 1024))
            text = log.read().decode(errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


def die_with_parent(sig: signal.Signals = signal.SIGTERM) -> Callable[[], None] | None:
    """A ``preexec_fn`` giving the child ``sig`` when this process dies (even -9).

    Linux's PR_SET_PDEATHSIG fires when the *thread* that forked the child exits, so
    it is only set for children started from the main thread (which lives as long as
    the process); from another thread this returns None and the child is not tied.
    It survives the exec and is set after Popen's ``user=`` switch (which clears it).
    """
    if threading.current_thread() is not threading.main_thread():
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux: nothing to tie to
        return None
    parent = os.getpid()

    def tie() -> None:
        prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), sig)

    return tie


def process_alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped, does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    # The state follows the command name, which is in parentheses and may hold any.
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def command_line(pid: int) -> list[str]:
    """The arguments ``pid`` was started with ([] when it is gone or unreadable)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def stop_process(pid: int, sig: signal.Signals, timeout: float) -> bool:
    """Send ``sig`` to a process that is not our child; wait until it is gone.

    SIGKILL follows when it outlives ``timeout``. Whether it is gone.
    """
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process_alive(pid):
            return True
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and process_alive(pid):
        time.sleep(0.05)
    return not process_alive(pid)
