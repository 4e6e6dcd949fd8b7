"""Reporting's settings (``SHEQU_REPORTING_*``), and employment's published rule.

``stores`` maps each service to the DSN of its event store, for hash-chain
verification (``make run`` fills it in); ``wait_limit`` bounds how long a query given
a position waits for the projections to reach it.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import Depends
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shequ.contracts.employment.working_age import RetirementRule, reform_schedule


class ReportingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHEQU_REPORTING_", extra="ignore")

    stores: dict[str, str] = Field(default_factory=dict)
    wait_limit: float = Field(5.0, gt=0, le=60)


class RetirementSetting(BaseSettings):
    """The retirement rule employment is configured with (``SHEQU_EMPLOYMENT_``)."""

    model_config = SettingsConfigDict(env_prefix="SHEQU_EMPLOYMENT_", extra="ignore")

    retirement: RetirementRule = Field(default_factory=reform_schedule)


@cache
def reporting_settings() -> ReportingSettings:
    return ReportingSettings()


@cache
def retirement_rule() -> RetirementRule:
    return RetirementSetting().retirement


async def _settings() -> ReportingSettings:
    return reporting_settings()


async def _rule() -> RetirementRule:
    return retirement_rule()


# Async dependencies: FastAPI would run plain functions on a worker thread.
Settings = Annotated[ReportingSettings, Depends(_settings)]
Rule = Annotated[RetirementRule, Depends(_rule)]
