"""Assistance (就业援助) over HTTP: one person's record and commands, and the lists."""

from __future__ import annotations

from fastapi import APIRouter

from shequ.employment.api.assistance._lists import router as _lists
from shequ.employment.api.assistance._record import router as _record

router = APIRouter()
router.include_router(_record)
router.include_router(_lists)
