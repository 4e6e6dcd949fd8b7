"""The two banks over HTTP (对号入座): vacancies, referrals, hires, matches, ledgers."""

from __future__ import annotations

from fastapi import APIRouter

from shequ.employment.api.vacancies._banks import router as _banks
from shequ.employment.api.vacancies._matches import router as _matches
from shequ.employment.api.vacancies._record import router as _record

router = APIRouter()
router.include_router(_record)
router.include_router(_matches)
router.include_router(_banks)
