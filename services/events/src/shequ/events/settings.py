"""The settings a district tunes for events (``SHEQU_EVENTS_*``).

Defaults as the seeds set them: anti-drug work meetings at least 4 a year (篇五),
hygiene self-checks and party classes twice a month (篇六, seed 002 (2)) —
``SHEQU_EVENTS_RHYTHMS`` as JSON, e.g. ``[{"duty": "hygiene_check", "per":
"month", "times": 2}]``; one moral-bank point per volunteer hour
(``SHEQU_EVENTS_POINTS_PER_HOUR``, seed 002 (3)).
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import Depends
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from shequ.contracts.events import DutyKind
from shequ.events.domain.duties import DEFAULT_RHYTHMS, Per, Rhythm


class RhythmSetting(BaseModel):
    duty: DutyKind
    per: Per
    times: int = Field(ge=1, le=12)


def _default_rhythms() -> list[RhythmSetting]:
    return [
        RhythmSetting(duty=r.duty, per=r.per, times=r.times) for r in DEFAULT_RHYTHMS
    ]


class EventsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHEQU_EVENTS_", extra="ignore")

    rhythms: list[RhythmSetting] = Field(default_factory=_default_rhythms)
    points_per_hour: float = Field(1.0, ge=0, le=100)

    def duty_rhythms(self) -> tuple[Rhythm, ...]:
        return tuple(Rhythm(r.duty, r.per, r.times) for r in self.rhythms)


@cache
def events_settings() -> EventsSettings:
    """The settings from the environment (tests override :func:`current_settings`)."""
    return EventsSettings()


async def current_settings() -> EventsSettings:
    return events_settings()


Settings = Annotated[EventsSettings, Depends(current_settings)]
