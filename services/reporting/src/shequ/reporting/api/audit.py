"""HTTP routes of audit (placeholder until it lands)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/reporting", tags=["audit"])
