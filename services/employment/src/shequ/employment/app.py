"""Composition root of employment: its definition for the runtime, and its app.

``uvicorn --factory shequ.employment.app:create_app`` runs it alone (settings from
``SHEQU_*`` and ``SHEQU_EMPLOYMENT_*``); ``make run`` finds :func:`definition` through
the ``shequ.services`` entry point.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from fastapi import FastAPI

from shequ.contracts.employment import CATALOG
from shequ.contracts.employment.working_age import RetirementRule
from shequ.employment.api import routers
from shequ.employment.demo import load_demo
from shequ.employment.domain import (
    assistance,
    profile,
    unemployment,
    vacancy,
    working_age,
    zero_household,
)
from shequ.employment.domain.access import ACCESS
from shequ.employment.handlers.ageing import check_ageing
from shequ.employment.handlers.partner_referrals import partner_referrals_projection
from shequ.employment.handlers.policies import on_people_changed
from shequ.employment.handlers.working_age import adopt_rule
from shequ.employment.readmodels import (
    ageing,
    households_projection,
    ledgers_projection,
)
from shequ.employment.readmodels.guards import GUARD_MIGRATIONS
from shequ.employment.settings import EmploymentRules, current_rules, employment_rules
from shequ.service import (
    Runtime,
    ServiceDefinition,
    ServiceSettings,
    create_service_app,
)
from shequ.service.people import copied_office_names, people_copy

log = logging.getLogger(__name__)


def definition(rules: EmploymentRules | None = None) -> ServiceDefinition:
    """Employment as the runtime runs it."""
    rules = rules or employment_rules()
    return ServiceDefinition(
        name="employment",
        catalog=CATALOG,
        access=ACCESS,
        deciders=[
            profile.DECIDER,
            unemployment.DECIDER,
            assistance.DECIDER,
            vacancy.DECIDER,
            working_age.DECIDER,
            zero_household.DECIDER,
        ],
        description="The full-employment community (充分就业社区): labour profiles,"
        " unemployment registration, assistance, the job banks, zero-employment"
        " households and the employment rate.",
        migrations=[*GUARD_MIGRATIONS, *ageing.MIGRATIONS],
        projections=[
            people_copy("employment", react=on_people_changed(rules.retirement)),
            ledgers_projection(),
            households_projection(),
            partner_referrals_projection(),
        ],
        routers=routers(),
        office_names=copied_office_names,
        on_start=partial(_adopt_rule, rule=rules.retirement),
        hourly=partial(_check_ageing, rule=rules.retirement),
        load_demo=load_demo,
    )


async def _adopt_rule(runtime: Runtime, rule: RetirementRule) -> None:
    adopted = await adopt_rule(runtime.store, rule, runtime.clock())
    if adopted.events:
        log.info("retirement rule adopted (version %d)", adopted.version)


async def _check_ageing(runtime: Runtime, rule: RetirementRule) -> None:
    touched = await check_ageing(runtime.store, rule, runtime.clock())
    if touched:
        log.info("ageing check: %d households re-evaluated", len(touched))


def create_app(
    settings: ServiceSettings | None = None,
    rules: EmploymentRules | None = None,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    """Employment's ASGI app; ``rules`` replace the ``SHEQU_EMPLOYMENT_*`` ones."""
    app = (
        create_service_app(definition(rules), settings)
        if clock is None
        else create_service_app(definition(rules), settings, clock=clock)
    )
    if rules is not None:

        async def given_rules() -> EmploymentRules:
            return rules

        app.dependency_overrides[current_rules] = given_rules
    return app
