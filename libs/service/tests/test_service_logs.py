"""FastStream's routine restarts reach the log as one warning, not an error."""

from __future__ import annotations

import logging
import sys

from shequ.service._logs import RoutineRestarts


def _record(level: int, message: str, error: BaseException | None) -> logging.LogRecord:
    exc_info = None
    if error is not None:
        try:
            raise error
        except BaseException:
            exc_info = sys.exc_info()
    return logging.LogRecord(
        "faststream.access.nats", level, __file__, 1, message, None, exc_info
    )


def test_a_fetch_timeout_restart_is_one_warning_line() -> None:
    record = _record(
        logging.ERROR,
        "Task-7 raised an exception, retrying...\nIf this",
        TimeoutError(),
    )

    assert RoutineRestarts().filter(record)
    assert record.levelname == "WARNING"
    assert record.exc_info is None
    assert "restarted" in record.getMessage()


def test_task_ended_notices_are_dropped_and_other_errors_kept() -> None:
    ended = _record(logging.INFO, "callback for Task-9 is being executed...", None)
    real = _record(
        logging.ERROR, "Task-3 raised an exception, retrying...", RuntimeError("boom")
    )

    assert not RoutineRestarts().filter(ended)
    assert RoutineRestarts().filter(real)
    assert real.levelname == "ERROR"
    assert real.exc_info is not None
