"""The settings a district tunes for rehab (``SHEQU_REHAB_*``), as :class:`RehabRules`.

Every default is the one ``domain/rules.py`` documents: report within 15 days
(《戒毒条例》 art. 16); tests monthly in the first year, every two months in the
second, every three in the third (``SHEQU_REHAB_TEST_SCHEDULE`` as JSON, e.g.
``[{"months": 12, "every": 1}, {"months": 24, "every": 3}]``); one worker per 20
clients (seed 000 篇三; other provinces use 30); a serious violation at the third
refusal or unapproved absence, or past 30 days away (《戒毒条例》 art. 46). A
break-glass opening lasts ``break_glass_hours`` (2 by default).
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import Depends
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shequ.rehab.domain.rules import RehabRules, TestPhase


class Phase(BaseModel):
    """``months`` of the term with a test due every ``every`` months."""

    months: int = Field(ge=1, le=36)
    every: int = Field(ge=1, le=12)


def _default_schedule() -> list[Phase]:
    return [Phase(months=p.months, every=p.every) for p in RehabRules().test_phases]


class RehabSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHEQU_REHAB_", extra="ignore")

    report_within_days: int = Field(15, ge=1, le=60)
    test_schedule: list[Phase] = Field(default_factory=_default_schedule, min_length=1)
    clients_per_worker: int = Field(20, ge=1)
    serious_refusals: int = Field(3, ge=1)
    serious_absences: int = Field(3, ge=1)
    serious_absent_days: int = Field(30, ge=1)
    break_glass_hours: int = Field(2, ge=1, le=24)

    def rules(self) -> RehabRules:
        """The case's rules these settings set."""
        return RehabRules(
            report_within_days=self.report_within_days,
            test_phases=tuple(TestPhase(p.months, p.every) for p in self.test_schedule),
            clients_per_worker=self.clients_per_worker,
            serious_refusals=self.serious_refusals,
            serious_absences=self.serious_absences,
            serious_absent_days=self.serious_absent_days,
        )


@cache
def rehab_settings() -> RehabSettings:
    """The settings from the environment (a FastAPI dependency; tests override it)."""
    return RehabSettings()


async def current_settings() -> RehabSettings:
    """The settings in force (a FastAPI dependency; async, so no thread is spent)."""
    return rehab_settings()


Settings = Annotated[RehabSettings, Depends(current_settings)]
