"""Composition root of events: its definition for the runtime, and its app.

``uvicorn --factory shequ.events.app:create_app`` runs it alone (settings from
``SHEQU_*`` and ``SHEQU_EVENTS_*``); ``make run`` finds :func:`definition` through
the ``shequ.services`` entry point.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from fastapi import FastAPI

from shequ.contracts.events import CATALOG
from shequ.events.api import routers
from shequ.events.demo import load_demo
from shequ.events.domain import activity, corner, duties, project, team, volunteer
from shequ.events.domain.access import ACCESS
from shequ.events.domain.duties import Rhythm
from shequ.events.handlers.timers import check_duties
from shequ.events.readmodels import ledgers_projection
from shequ.events.settings import EventsSettings, current_settings, events_settings
from shequ.service import (
    Runtime,
    ServiceDefinition,
    ServiceSettings,
    create_service_app,
)
from shequ.service.people import copied_office_names, people_copy

log = logging.getLogger(__name__)


def definition(settings: EventsSettings | None = None) -> ServiceDefinition:
    """Events as the runtime runs it."""
    rhythms = (settings or events_settings()).duty_rhythms()
    return ServiceDefinition(
        name="events",
        catalog=CATALOG,
        access=ACCESS,
        deciders=[
            activity.DECIDER,
            project.DECIDER,
            volunteer.DECIDER,
            team.DECIDER,
            corner.DECIDER,
            duties.DECIDER,
        ],
        description="Community activities, projects, recurring duties, publicity"
        " corners, teams and volunteers (活动、项目、志愿者).",
        projections=[people_copy("events"), ledgers_projection()],
        routers=routers(),
        office_names=copied_office_names,
        hourly=partial(_check_duties, rhythms=rhythms),
        load_demo=load_demo,
    )


async def _check_duties(runtime: Runtime, rhythms: tuple[Rhythm, ...]) -> None:
    appended = await check_duties(runtime.store, rhythms, runtime.clock())
    if appended:
        log.info("events timers: %d duties missed recorded", appended)


def create_app(
    settings: ServiceSettings | None = None,
    events: EventsSettings | None = None,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    """Events' ASGI app; ``events`` replaces the ``SHEQU_EVENTS_*`` settings."""
    app = (
        create_service_app(definition(events), settings)
        if clock is None
        else create_service_app(definition(events), settings, clock=clock)
    )
    if events is not None:

        async def given() -> EventsSettings:
            return events

        app.dependency_overrides[current_settings] = given
    return app
