"""Reporting's HTTP API, under ``/api/v1/reporting``."""

from __future__ import annotations

from fastapi import APIRouter

from shequ.reporting.api import (
    audit,
    campaigns,
    designations,
    events,
    ledgers,
    mediation,
    monthly,
    persons,
    projections,
    rehab,
    scorecards,
    workplans,
)


def routers() -> list[APIRouter]:
    return [
        ledgers.router,
        rehab.router,
        mediation.router,
        events.router,
        events.traces,
        monthly.router,
        persons.router,
        workplans.router,
        campaigns.router,
        scorecards.router,
        designations.router,
        audit.router,
        projections.router,
    ]
