"""Employment's HTTP API, under ``/api/v1/employment``."""

from __future__ import annotations

from fastapi import APIRouter

from shequ.employment.api import (
    assistance,
    figures,
    households,
    profiles,
    registers,
    unemployment,
    vacancies,
)


def routers() -> list[APIRouter]:
    return [
        profiles.router,
        unemployment.router,
        assistance.router,
        vacancies.router,
        households.router,
        figures.router,
        registers.router,
    ]
