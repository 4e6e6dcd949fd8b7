"""Mediation's HTTP API, under ``/api/v1/mediation``."""

from __future__ import annotations

from fastapi import APIRouter

from shequ.mediation.api import (
    committee,
    conclusion,
    disputes,
    documents,
    figures,
    imports,
    reading,
)


def routers() -> list[APIRouter]:
    return [
        committee.router,
        disputes.router,
        conclusion.router,
        reading.router,
        figures.router,
        documents.router,
        imports.router,
    ]
