"""HTTP routes of unemployment (placeholder until its aggregate lands)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/employment", tags=["unemployment"])
