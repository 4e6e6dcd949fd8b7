"""Events' HTTP API, under ``/api/v1/events``."""

from __future__ import annotations

from fastapi import APIRouter

from shequ.events.api import activities, community, figures, ledgers, projects


def routers() -> list[APIRouter]:
    return [
        activities.router,
        ledgers.router,
        projects.router,
        community.router,
        figures.router,
    ]
