"""Reporting's HTTP API, under ``/api/v1/reporting``."""

from __future__ import annotations

from fastapi import APIRouter

from shequ.reporting.api import (
    audit,
    ledgers,
    mediation,
    persons,
    projections,
    rehab,
    workplans,
)


def routers() -> list[APIRouter]:
    return [
        ledgers.router,
        rehab.router,
        mediation.router,
        persons.router,
        workplans.router,
        audit.router,
        projections.router,
    ]
