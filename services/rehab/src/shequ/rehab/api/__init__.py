"""Rehab's HTTP API, under ``/api/v1/rehab``."""

from __future__ import annotations

from fastapi import APIRouter

from shequ.rehab.api import (
    case_work,
    cases,
    documents,
    figures,
    police,
    reading,
    social_work,
)


def routers() -> list[APIRouter]:
    return [
        cases.router,
        case_work.router,
        reading.router,
        social_work.router,
        figures.router,
        documents.router,
        police.router,
    ]
