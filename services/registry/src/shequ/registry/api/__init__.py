"""The registry's HTTP API under ``/api/v1/registry``, one router per aggregate."""

from __future__ import annotations

from fastapi import APIRouter

from shequ.registry.api import (
    erasure,
    groups,
    households,
    imports,
    offices,
    persons,
    rentals,
    retention,
    staff,
)


def routers() -> list[APIRouter]:
    """Every router of the registry, to hand to the service definition."""
    return [
        offices.router,
        persons.router,
        households.router,
        rentals.router,
        staff.router,
        groups.router,
        imports.router,
        erasure.router,
        retention.router,
    ]
