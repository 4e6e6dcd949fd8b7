"""Projection lag as a metric: one gauge for every projection of the process."""

from __future__ import annotations

import json
import subprocess
import sys

# In a fresh interpreter: the meter provider is process-wide and set once. The
# services import the runner before they configure telemetry, and so does this.
_SCRIPT = """
import json
import nats
from opentelemetry import metrics
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from shequ.messaging import Projection, ProjectionRunner

async def apply(conn, events):
    return None

runners = [
    ProjectionRunner(None, Projection(name, ("registry", "employment"), apply),
                     nats.NATS())
    for name in ("ledgers", "archive")
]
reader = InMemoryMetricReader()
metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
runners[0]._lag["registry"], runners[1]._lag["employment"] = 5, 7
points = {
    f"{p.attributes['projection']}/{p.attributes['source']}": p.value
    for r in reader.get_metrics_data().resource_metrics
    for s in r.scope_metrics for m in s.metrics if m.name == "shequ.projection.lag"
    for p in m.data.data_points
}
print(json.dumps(points, sort_keys=True))
"""


def test_every_projection_reports_its_lag_per_source() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True
    )

    assert json.loads(run.stdout) == {
        "archive/employment": 7,
        "archive/registry": 0,
        "ledgers/employment": 0,
        "ledgers/registry": 5,
    }
    assert "already" not in run.stderr  # no instrument registered twice
