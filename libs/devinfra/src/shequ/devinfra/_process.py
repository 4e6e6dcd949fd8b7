"""Small process and socket helpers shared by the embedded servers (本地临时服务)."""

import socket
import time
from collections.abc import Callable
from pathlib import Path


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
        text = path.read_text(errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])
