"""The settings an office tunes (``SHEQU_EMPLOYMENT_*``): the standard and the rule.

The full-employment standard (充分就业社区标准) of seed 000 篇二: a rate of at least 96%
among people of working age able and willing to work, and no zero-employment
household (零就业家庭). A zero-employment household should be cleared within
``zero_household_limit_days`` (the plans say 即时就业安置, so 30 days by default).
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import Depends
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shequ.contracts.employment.working_age import RetirementRule, reform_schedule


class EmploymentRules(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHEQU_EMPLOYMENT_", extra="ignore")

    rate_threshold: float = Field(0.96, gt=0, le=1)
    max_zero_employment_households: int = Field(0, ge=0)
    zero_household_limit_days: int = Field(30, ge=1)
    retirement: RetirementRule = Field(default_factory=reform_schedule)


@cache
def employment_rules() -> EmploymentRules:
    """The rules from the environment (a FastAPI dependency; tests override it)."""
    return EmploymentRules()


async def current_rules() -> EmploymentRules:
    """The rules in force (a FastAPI dependency; async, so no thread is spent)."""
    return employment_rules()


Rules = Annotated[EmploymentRules, Depends(current_rules)]
