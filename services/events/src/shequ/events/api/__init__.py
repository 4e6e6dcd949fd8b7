"""Events' HTTP API, under ``/api/v1/events``."""

from __future__ import annotations

from fastapi import APIRouter

from shequ.events.api import (
    activities,
    corners,
    figures,
    ledgers,
    projects,
    teams,
    volunteers,
)


def routers() -> list[APIRouter]:
    return [
        activities.router,
        ledgers.router,
        projects.router,
        volunteers.router,
        teams.router,
        corners.router,
        figures.router,
    ]
