"""One service's process under the supervisor (子进程): spawned, watched, restarted."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from shequ.devinfra._process import die_with_parent, log_tail
from shequ.service._proxy import Backend

STOP_GRACE = 10.0  # seconds between SIGTERM and SIGKILL for a child
FIRST_DELAY, MAX_DELAY, STEADY = 1.0, 30.0, 60.0  # restart back-off
START_LIMIT = 300.0  # seconds a child may take to be ready (a first demo load)


@dataclass
class Child:
    """One service's process, restarted on the same port while the run lasts."""

    backend: Backend
    env: dict[str, str]
    log: Path
    demo: bool
    process: subprocess.Popen[bytes] | None = None
    spawned_at: float = 0.0
    up_since: float | None = None
    delay: float = FIRST_DELAY
    restarts: int = 0
    echoed_to: int = 0  # how far the log has been read for news
    last_words: str = ""  # the last line of its log at the last exit
    reported: bool = False  # its last exit has been said
    next_delay: float = FIRST_DELAY

    @property
    def name(self) -> str:
        return self.backend.name

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def spawn(self, demo: bool) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as sink:
            # So that the end of the log shows this start, not an earlier run's.
            when = time.strftime("%Y-%m-%d %H:%M:%S")
            demo_note = " with its demo" if demo else ""
            sink.write(
                f"==== {when} shequ-dev run: starting {self.name}{demo_note} "
                f"on 127.0.0.1:{self.backend.port} ====\n".encode()
            )
            sink.flush()
            self.echoed_to = sink.tell()
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    *("-m", "shequ.service.worker", "--service", self.name),
                    *("--port", str(self.backend.port)),
                    *(["--demo"] if demo else []),
                ],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C at the terminal is for us
                preexec_fn=die_with_parent(signal.SIGTERM),  # noqa: PLW1509
            )
        self.spawned_at, self.up_since = time.monotonic(), None
        self.reported = False

    def echo_news(self) -> None:
        """Pass on what the service tells a person (demo sign-ins, first password).

        Those are the log's lines that start with "shequ"; each is passed on once.
        """
        try:
            with self.log.open("rb") as log:
                log.seek(self.echoed_to)
                text = log.read()
        except OSError:
            return
        complete = text[: text.rfind(b"\n") + 1]
        self.echoed_to += len(complete)
        for line in complete.decode(errors="replace").splitlines():
            if line.startswith("shequ"):
                print(line, file=sys.stderr, flush=True)

    def tail(self) -> str:
        return "\n".join(f"    {line}" for line in log_tail(self.log, 15).splitlines())
