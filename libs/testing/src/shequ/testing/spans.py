"""Spans kept in memory, for tests of what is traced."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shequ.telemetry import configure_telemetry


@contextmanager
def recorded_spans(service: str) -> Iterator[InMemorySpanExporter]:
    """Telemetry for ``service`` with its spans kept in memory; shut down after."""
    exporter = InMemorySpanExporter()
    telemetry = configure_telemetry(service, span_exporter=exporter)
    try:
        yield exporter
    finally:
        telemetry.shutdown()
