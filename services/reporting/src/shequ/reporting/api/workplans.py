"""HTTP routes of workplans (placeholder until it lands)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/reporting", tags=["workplans"])
