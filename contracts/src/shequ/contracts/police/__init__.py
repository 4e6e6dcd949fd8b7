"""Published language of the police (公安) towards rehab: a partner's events.

The police are no shequ service: their system publishes these events, in shequ's
envelope (``contracts/schemas/envelope.v1.json``), on ``shequ.police.>`` (JetStream
stream ``SHEQU_POLICE``). Rehab consumes them: a decision opens a case for the person
the registry knows by the ID number (idempotent on the decision number); a test result
is recorded on that case. See ``_decisions.py`` for whose data they hold.
"""

from __future__ import annotations

from shequ.contracts._catalog import EventCatalog
from shequ.contracts.police._decisions import (
    PoliceDecisionEvent,
    RehabDecisionIssued,
    UrineTestResultIssued,
)

CATALOG = EventCatalog("police", [RehabDecisionIssued, UrineTestResultIssued])

__all__ = [
    "CATALOG",
    "PoliceDecisionEvent",
    "RehabDecisionIssued",
    "UrineTestResultIssued",
]
