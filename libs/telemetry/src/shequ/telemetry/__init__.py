"""OpenTelemetry for shequ services: SDK set-up and trace-context propagation.

A service's ``app.py`` calls ``configure_telemetry`` once; libraries use only the OTel
API, plus ``trace_headers``/``context_from`` to carry a trace across NATS messages.
"""

from shequ.telemetry._propagation import context_from, trace_headers
from shequ.telemetry._setup import Telemetry, configure_telemetry

__all__ = ["Telemetry", "configure_telemetry", "context_from", "trace_headers"]
