"""The settings a district tunes for mediation (``SHEQU_MEDIATION_*``).

``conclude_within_months``: a dispute is concluded within this many months of its
registration (default 1, 《人民调解工作若干规定》); ``confirmation_days``: the window
for judicial confirmation after an agreement (default 30, 《人民调解法》 art. 33).
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import Depends
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shequ.mediation.domain.rules import MediationRules


class MediationSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHEQU_MEDIATION_", extra="ignore")

    conclude_within_months: int = Field(1, ge=1, le=12)
    confirmation_days: int = Field(30, ge=1, le=90)

    def rules(self) -> MediationRules:
        return MediationRules(
            conclude_within_months=self.conclude_within_months,
            confirmation_days=self.confirmation_days,
        )


@cache
def mediation_settings() -> MediationSettings:
    """The settings from the environment (a FastAPI dependency; tests override it)."""
    return MediationSettings()


async def current_settings() -> MediationSettings:
    """The settings in force (a FastAPI dependency; async, so no thread is spent)."""
    return mediation_settings()


Settings = Annotated[MediationSettings, Depends(current_settings)]
