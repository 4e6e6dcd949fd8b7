"""Request tracing settings: FastAPI traces requests itself, we say which ones.

FastAPI (0.162 and later) creates the HTTP server span natively once an SDK provider
is installed (``shequ.telemetry.configure_telemetry``): the incoming W3C
``traceparent`` parents it, it is named ``METHOD /route/{template}``, and
``http.server.request.duration`` is recorded. A middleware of our own would only
duplicate every span (see test_an_incoming_traceparent_parents_the_one_server_span).
What is ours to decide is the configuration passed to ``FastAPI(telemetry=...)``.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from fastapi.telemetry import TelemetryConfig

_PROBES = ("/health/live", "/health/ready")


def telemetry_config(*, untraced_paths: tuple[str, ...] = _PROBES) -> TelemetryConfig:
    """Settings for ``FastAPI(telemetry=...)``; ``untraced_paths`` are not traced.

    Health probes are skipped by default: an orchestrator polls them every few
    seconds and their traces would bury the requests worth reading.
    """
    skipped = frozenset(untraced_paths)

    def exclude(scope: MutableMapping[str, Any]) -> bool:
        return scope.get("path") in skipped

    return {"tracing": True, "metrics": True, "exclude": exclude}
