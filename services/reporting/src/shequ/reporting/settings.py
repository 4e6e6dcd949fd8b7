"""Reporting's settings (``SHEQU_REPORTING_*``).

``stores`` maps each service to the DSN of its event store, for hash-chain
verification (``make run`` fills it in); ``wait_limit`` bounds how long a query given
a position waits for the projections to reach it. The working-age rule is not a
setting: employment publishes the rules it adopts (``readmodels.ledgers.rules``).
``clients_per_worker`` is the rehab staffing ratio the staffing ledger checks.
``rebuild_apart_above``: a rebuild whose sources hold more messages than this loads in
a process of its own (``readmodels.apart``), and so does a projection that many behind
at start; 0: every rebuild, and every start with anything to catch up. A one-core
host gains nothing from it: set it above the sources' size.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import Depends
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shequ.reporting.readmodels.generations import APART_ABOVE


class ReportingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHEQU_REPORTING_", extra="ignore")

    stores: dict[str, str] = Field(default_factory=dict)
    wait_limit: float = Field(5.0, gt=0, le=60)
    # One full-time rehab worker per 20 clients (seed 000 篇三), rehab's default too
    # (SHEQU_REHAB_CLIENTS_PER_WORKER): a district that sets 30 sets both.
    clients_per_worker: int = Field(20, ge=1, le=1000)
    rebuild_apart_above: int = Field(APART_ABOVE, ge=0)


@cache
def reporting_settings() -> ReportingSettings:
    return ReportingSettings()


async def _settings() -> ReportingSettings:
    # Async: FastAPI would run a plain function on a worker thread.
    return reporting_settings()


Settings = Annotated[ReportingSettings, Depends(_settings)]
