"""Designations (创建): campaigns defined, steps recorded, the hourly timer.

The campaign a step depends on is loaded here and handed to the decider (its stages,
floors, grades and re-check years are data); an office's size is counted from the
registry's people in the serving ledgers on the day it applies. Who may take each
step is checked by the route (``domain.access``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from shequ.access import Acting, OfficeCode, china_date
from shequ.contracts import NotFound
from shequ.contracts.messages import N_
from shequ.contracts.reporting import CampaignDefined
from shequ.eventstore import EventStore, Outcome
from shequ.reporting.domain import designations
from shequ.reporting.domain.access import OfficeNotKnown
from shequ.reporting.domain.designations import campaign as campaigns
from shequ.reporting.readmodels.designations import (
    campaign_of,
    designations_within,
    size_of,
)
from shequ.reporting.readmodels.ledgers.people import office_known
from shequ.service import Db, execute_as

TIMER = "reporting:designation-timers"


class CampaignNotFound(NotFound):
    code = "campaign-not-found"
    title = N_("No such campaign")

    def __init__(self, campaign: str) -> None:
        super().__init__(
            N_("no campaign {campaign} is defined"), field="campaign", campaign=campaign
        )


async def define_campaign(
    store: EventStore,
    by: Acting,
    command: campaigns.DefineCampaign,
    expected_version: int | None,
) -> Outcome[campaigns.State]:
    return await execute_as(
        by,
        store,
        campaigns.DECIDER,
        campaigns.stream_of(command.campaign),
        command,
        expected_version=expected_version,
    )


async def campaign(store: EventStore, code: str) -> CampaignDefined:
    """The campaign ``code`` as defined now; :class:`CampaignNotFound` if it is not."""
    found, _ = await campaign_of(store, code)
    if found is None:
        raise CampaignNotFound(code)
    return found


async def act(  # noqa: PLR0917 - the step's where, who and what
    store: EventStore,
    db: Db,
    by: Acting,
    office: str,
    code: str,
    command: Callable[[CampaignDefined], designations.Command],
    *,
    expected_version: int | None = None,
) -> Outcome[designations.State]:
    """Take one step of the designation of ``office`` in campaign ``code``."""
    if not await office_known(db, office):
        raise OfficeNotKnown(office)
    defined = await campaign(store, code)
    return await execute_as(
        by,
        store,
        designations.decider_for(office, code),
        designations.stream_of(office, code),
        command(defined),
        expected_version=expected_version,
    )


async def apply(
    store: EventStore,
    db: Db,
    by: Acting,
    office: str,
    code: str,
    *,
    on: date,
    note: str,
    expected_version: int | None,
) -> Outcome[designations.State]:
    """创建申报 dated ``on``; the office's size counted when it is recorded."""
    households, residents = await size_of(db, OfficeCode(office), None)
    return await act(
        store,
        db,
        by,
        office,
        code,
        lambda defined: designations.Apply(
            campaign=defined,
            on=on,
            households=households,
            residents=residents,
            note=note,
            by=by,
        ),
        expected_version=expected_version,
    )


async def check_timers(store: EventStore, now: datetime) -> int:
    """Record what came due on every designation; how many events were appended."""
    appended = 0
    today = china_date(now)
    for office, code in await designations_within(store, None):
        by = Acting(staff_id=TIMER, office=office, now=now)
        outcome = await execute_as(
            by,
            store,
            designations.decider_for(office, code),
            designations.stream_of(office, code),
            designations.CheckClock(today=today, by=by),
        )
        appended += len(outcome.events)
    return appended
