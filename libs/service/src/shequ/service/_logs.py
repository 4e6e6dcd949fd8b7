"""FastStream's log, told plainly: a routine restart is one warning, not an error.

nats-py 2.16 now and then raises ``TimeoutError`` from a pull ``fetch`` (its own
quirk, libs/messaging/README); FastStream's supervisor restarts the loop at once and
logs an ERROR with a traceback, and an INFO line each time any task ends. An operator
reading the log at night should see neither as a fault: the restart becomes one
WARNING line and the task-ended lines are dropped. Every other record passes as it is.
"""

from __future__ import annotations

import logging

FASTSTREAM_LOGGER = "faststream.access.nats"


class RoutineRestarts(logging.Filter):
    """Drops task-ended notices and turns a fetch-timeout restart into a warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("callback for ") and message.endswith(
            "being executed..."
        ):
            return False
        error = record.exc_info[1] if record.exc_info else None
        if (
            isinstance(error, TimeoutError)
            and "raised an exception, retrying" in message
        ):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg = "live consumer: a pull fetch timed out (nats-py); restarted"
            record.args = ()
            record.exc_info = record.exc_text = None
        return True


def quiet_routine_restarts() -> None:
    """Install :class:`RoutineRestarts` on FastStream's NATS logger (once)."""
    logger = logging.getLogger(FASTSTREAM_LOGGER)
    if not any(isinstance(f, RoutineRestarts) for f in logger.filters):
        logger.addFilter(RoutineRestarts())
