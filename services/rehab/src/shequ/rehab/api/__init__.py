"""Rehab's HTTP API, under ``/api/v1/rehab``."""

from __future__ import annotations

from fastapi import APIRouter

from shequ.rehab.api import cases, figures, imports, reading


def routers() -> list[APIRouter]:
    return [cases.router, reading.router, figures.router, imports.router]
