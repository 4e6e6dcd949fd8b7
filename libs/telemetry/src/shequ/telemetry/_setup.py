"""OpenTelemetry SDK set-up for a service process: providers, resource and exporters.

OTel lets the global tracer and meter providers be set once per process, yet tests and
tools create several apps in one process. So the first call installs the global SDK
providers, with that call's resource (``service.name``) and metric readers, and every
call only adds its own span processors to the global tracer provider. ``shutdown``
flushes and detaches that call's processors and leaves the providers running for the
others; the SDK shuts the providers down itself at process exit.

A span nobody exports is not recorded: while no call's processor is attached, the
sampler drops every span, so the SDK hands out non-recording spans that still carry
the trace's ids (an incoming ``traceparent`` goes on to NATS) but keep no attributes,
events or timings. With an exporter, spans are sampled by ``sample_ratio`` — a share
of new traces, each child following its parent's decision.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from opentelemetry import metrics, trace
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import MetricReader, PeriodicExportingMetricReader
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanExporter,
)
from opentelemetry.sdk.trace.sampling import (
    Decision,
    ParentBased,
    Sampler,
    SamplingResult,
    TraceIdRatioBased,
)
from opentelemetry.trace import Link, SpanKind, TraceState
from opentelemetry.util.types import Attributes

_ATTACHED: set[_Detachable] = set()
"""Processors forwarding now, across every configuration of this process."""


class _Detachable(SpanProcessor):
    """Forwards to ``inner`` until shut down; the SDK cannot remove a processor."""

    def __init__(self, inner: SpanProcessor) -> None:
        self._inner = inner
        self._open = True
        _ATTACHED.add(self)

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        if self._open:
            self._inner.on_start(span, parent_context)

    def on_end(self, span: ReadableSpan) -> None:
        if self._open:
            self._inner.on_end(span)

    def shutdown(self) -> None:
        if self._open:
            self._open = False
            _ATTACHED.discard(self)
            self._inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self._inner.force_flush(timeout_millis) if self._open else True


class _WhenExported(Sampler):
    """``inner``'s decision while some processor is attached; else drop the span."""

    def __init__(self, inner: Sampler) -> None:
        self._inner = inner

    def should_sample(  # noqa: PLR0917 - the Sampler interface
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: TraceState | None = None,
    ) -> SamplingResult:
        if not _ATTACHED:
            return SamplingResult(Decision.DROP)
        return self._inner.should_sample(
            parent_context, trace_id, name, kind, attributes, links, trace_state
        )

    def get_description(self) -> str:
        return f"WhenExported{{{self._inner.get_description()}}}"


@dataclass
class Telemetry:
    """What one ``configure_telemetry`` call set up; call ``shutdown`` on exit."""

    tracer_provider: TracerProvider
    meter_provider: MeterProvider
    _processors: list[_Detachable] = field(default_factory=list)

    def shutdown(self) -> None:
        """Flush this call's spans and stop exporting them; idempotent."""
        for processor in self._processors:
            processor.shutdown()
        self.meter_provider.force_flush()


def configure_telemetry(
    service_name: str,
    *,
    otlp_endpoint: str | None = None,
    span_exporter: SpanExporter | None = None,
    sample_ratio: float = 1.0,
) -> Telemetry:
    """Install the SDK (once) and this service's exporters; see the module docstring.

    Spans go to OTLP/HTTP when ``otlp_endpoint`` (a base URL such as
    ``http://collector:4318``) or ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set, and
    synchronously to ``span_exporter`` when given (tests pass an in-memory one).
    With neither, spans are not recorded (see the module docstring); the trace's ids
    still propagate. ``sample_ratio`` counts from the process's first call.
    """
    from_env = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    resource = Resource.create({SERVICE_NAME: service_name})
    tracer_provider = _tracer_provider(resource, sample_ratio)
    meter_provider = _meter_provider(resource, otlp_endpoint, bool(from_env))
    processors: list[_Detachable] = []
    if span_exporter is not None:
        processors.append(_Detachable(SimpleSpanProcessor(span_exporter)))
    if otlp_endpoint or from_env:
        exporter = OTLPSpanExporter(endpoint=_signal_url(otlp_endpoint, "traces"))
        processors.append(_Detachable(BatchSpanProcessor(exporter)))
    for processor in processors:
        tracer_provider.add_span_processor(processor)
    return Telemetry(tracer_provider, meter_provider, processors)


def _signal_url(base: str | None, signal: str) -> str | None:
    # None lets the exporter apply the OTEL_EXPORTER_OTLP_* variables itself.
    return None if base is None else f"{base.rstrip('/')}/v1/{signal}"


def _tracer_provider(resource: Resource, sample_ratio: float) -> TracerProvider:
    current = trace.get_tracer_provider()
    if isinstance(current, TracerProvider):
        return current
    sampler = _WhenExported(ParentBased(TraceIdRatioBased(sample_ratio)))
    provider = TracerProvider(resource=resource, sampler=sampler)
    trace.set_tracer_provider(provider)
    if trace.get_tracer_provider() is not provider:
        raise RuntimeError("a tracer provider that is not the OTel SDK's is installed")
    return provider


def _meter_provider(
    resource: Resource, otlp_endpoint: str | None, from_env: bool
) -> MeterProvider:
    current = metrics.get_meter_provider()
    if isinstance(current, MeterProvider):
        return current
    readers: list[MetricReader] = []
    if otlp_endpoint or from_env:
        exporter = OTLPMetricExporter(endpoint=_signal_url(otlp_endpoint, "metrics"))
        readers.append(PeriodicExportingMetricReader(exporter))
    provider = MeterProvider(resource=resource, metric_readers=readers)
    metrics.set_meter_provider(provider)
    if metrics.get_meter_provider() is not provider:
        raise RuntimeError("a meter provider that is not the OTel SDK's is installed")
    return provider
