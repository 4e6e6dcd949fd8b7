import subprocess
import sys
from collections.abc import Iterator

import pytest
from opentelemetry import metrics, trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shequ.telemetry import configure_telemetry
from shequ.testing.spans import recorded_spans


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    with recorded_spans("telemetry-test") as exporter:
        yield exporter


def _span_names(exporter: InMemorySpanExporter) -> list[str]:
    return [span.name for span in exporter.get_finished_spans()]


def test_spans_reach_the_given_exporter(exporter: InMemorySpanExporter) -> None:
    with trace.get_tracer("test").start_as_current_span("work"):
        pass

    assert _span_names(exporter) == ["work"]


def test_a_second_configuration_adds_its_exporter_beside_the_first(
    exporter: InMemorySpanExporter,
) -> None:
    second = InMemorySpanExporter()
    telemetry = configure_telemetry("telemetry-test-2", span_exporter=second)

    with trace.get_tracer("test").start_as_current_span("both"):
        pass
    telemetry.shutdown()
    with trace.get_tracer("test").start_as_current_span("first only"):
        pass

    assert (_span_names(exporter), _span_names(second)) == (
        ["both", "first only"],
        ["both"],
    )


def test_after_shutdown_spans_no_longer_reach_the_exporter() -> None:
    exporter = InMemorySpanExporter()
    telemetry = configure_telemetry("telemetry-test", span_exporter=exporter)

    telemetry.shutdown()
    telemetry.shutdown()  # idempotent
    with trace.get_tracer("test").start_as_current_span("late"):
        pass

    assert exporter.get_finished_spans() == ()


_FRESH_PROCESS = """
from opentelemetry import metrics, trace
from shequ.telemetry import configure_telemetry
first = configure_telemetry("registry")
second = configure_telemetry("mediation")
print(
    trace.get_tracer_provider() is first.tracer_provider is second.tracer_provider,
    metrics.get_meter_provider() is first.meter_provider is second.meter_provider,
    first.tracer_provider.resource.attributes["service.name"],
)
"""


def test_the_first_call_in_a_process_installs_the_global_providers() -> None:
    # The global providers can be set once per process, so a fresh one is needed.
    result = subprocess.run(
        [sys.executable, "-c", _FRESH_PROCESS],
        capture_output=True,
        text=True,
        check=True,
        env={"OTEL_SERVICE_NAME": "ignored"},
    )

    assert (result.stdout, result.stderr) == ("True True registry\n", "")


def test_telemetry_records_the_global_providers(exporter: InMemorySpanExporter) -> None:
    telemetry = configure_telemetry("telemetry-test")

    assert (telemetry.tracer_provider, telemetry.meter_provider) == (
        trace.get_tracer_provider(),
        metrics.get_meter_provider(),
    )


_UNEXPORTED = """
from opentelemetry import trace
from shequ.telemetry import configure_telemetry, context_from, trace_headers
configure_telemetry("registry")
incoming = context_from(
    {"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}
)
with trace.get_tracer("t").start_as_current_span("work", context=incoming) as span:
    print(span.is_recording(), trace_headers()["traceparent"][3:35])
"""


def test_with_no_exporter_spans_cost_no_recording_yet_the_trace_goes_on() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _UNEXPORTED], capture_output=True, text=True, check=True
    )

    assert result.stdout.split() == ["False", "0af7651916cd43dd8448eb211c80319c"]


_SAMPLED = """
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from shequ.telemetry import configure_telemetry
exporter = InMemorySpanExporter()
configure_telemetry("registry", span_exporter=exporter, sample_ratio=0.25)
tracer = trace.get_tracer("t")
for _ in range(2000):
    with tracer.start_as_current_span("root"):
        with tracer.start_as_current_span("child"):
            pass
names = [s.name for s in exporter.get_finished_spans()]
print(names.count("root"), names.count("child"))
"""


def test_an_exported_process_samples_a_share_of_traces_children_with_parents() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _SAMPLED], capture_output=True, text=True, check=True
    )
    roots, children = map(int, result.stdout.split())

    assert roots == children
    assert 350 < roots < 650  # 25% of 2,000, by trace id
