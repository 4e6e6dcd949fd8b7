"""Trace-context propagation (W3C ``traceparent``/``tracestate``) across process hops.

API-only, so libraries may use it: the NATS relay puts ``trace_headers()`` on each
message and a consumer continues the trace with ``context_from(msg.headers)``.
"""

from __future__ import annotations

from collections.abc import Mapping

from opentelemetry import propagate
from opentelemetry.context import Context


def trace_headers() -> dict[str, str]:
    """The current span's context as headers; empty when no span is recording."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


def context_from(headers: Mapping[str, str]) -> Context:
    """The context carried by ``headers`` (any letter case), to parent a new span."""
    # W3C names are lower case; NATS and some clients keep the case they were sent in.
    return propagate.extract({name.lower(): value for name, value in headers.items()})
