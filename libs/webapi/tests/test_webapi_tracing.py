from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from shequ.telemetry import trace_headers
from shequ.testing.spans import recorded_spans
from shequ.webapi import health_router, install_problem_handlers, telemetry_config

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    with recorded_spans("webapi-test") as exporter:
        yield exporter


@pytest.fixture
def client() -> TestClient:
    app = FastAPI(telemetry=telemetry_config())
    install_problem_handlers(app)
    app.include_router(health_router({}))

    @app.get("/things/{thing_id}")
    async def thing(thing_id: str) -> dict[str, str]:
        return trace_headers()

    return TestClient(app)


def _trace_id(span: ReadableSpan) -> str:
    assert span.context is not None
    return f"{span.context.trace_id:032x}"


def _server_spans(exporter: InMemorySpanExporter) -> list[ReadableSpan]:
    return [s for s in exporter.get_finished_spans() if s.kind is SpanKind.SERVER]


def test_an_incoming_traceparent_parents_the_one_server_span(
    client: TestClient, exporter: InMemorySpanExporter
) -> None:
    response = client.get(
        "/things/t-1", headers={"traceparent": f"00-{TRACE_ID}-{PARENT_ID}-01"}
    )

    (span,) = _server_spans(exporter)
    assert (
        span.name,
        _trace_id(span),
        span.parent and f"{span.parent.span_id:016x}",
        {_trace_id(t) for t in exporter.get_finished_spans()},
        response.json()["traceparent"].split("-")[1],
    ) == ("GET /things/{thing_id}", TRACE_ID, PARENT_ID, {TRACE_ID}, TRACE_ID)


def test_a_request_without_traceparent_starts_a_new_trace(
    client: TestClient, exporter: InMemorySpanExporter
) -> None:
    client.get("/things/t-1")

    (span,) = _server_spans(exporter)
    assert (span.parent, span.name) == (None, "GET /things/{thing_id}")


def test_health_probes_are_not_traced(
    client: TestClient, exporter: InMemorySpanExporter
) -> None:
    client.get("/health/live")
    client.get("/health/ready")

    assert exporter.get_finished_spans() == ()
