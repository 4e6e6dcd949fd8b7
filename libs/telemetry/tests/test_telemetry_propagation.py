from typing import cast

from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.trace import SpanContext, TraceFlags

from shequ.telemetry import context_from, trace_headers

# A private SDK provider: these helpers are API-only and need no global set-up.
TRACER = TracerProvider().get_tracer("test")
INCOMING = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def _traceparent(ids: SpanContext) -> str:
    return f"00-{ids.trace_id:032x}-{ids.span_id:016x}-{ids.trace_flags:02x}"


def test_trace_headers_inside_a_span_carry_its_trace_and_span_ids() -> None:
    with TRACER.start_as_current_span("outgoing") as span:
        headers = trace_headers()

    assert headers == {"traceparent": _traceparent(span.get_span_context())}


def test_trace_headers_outside_a_span_are_empty() -> None:
    assert trace_headers() == {}


def test_a_span_started_in_context_from_headers_continues_their_trace() -> None:
    context = context_from({"Traceparent": INCOMING, "Tracestate": "shequ=1"})

    with TRACER.start_as_current_span("incoming", context=context) as span:
        headers = trace_headers()
    ids = span.get_span_context()
    parent = cast(ReadableSpan, span).parent

    assert (f"{ids.trace_id:032x}", parent, headers) == (
        "0af7651916cd43dd8448eb211c80319c",
        SpanContext(
            trace_id=0x0AF7651916CD43DD8448EB211C80319C,
            span_id=0xB7AD6B7169203331,
            is_remote=True,
            trace_flags=TraceFlags(1),
            trace_state=ids.trace_state,
        ),
        {"traceparent": _traceparent(ids), "tracestate": "shequ=1"},
    )
