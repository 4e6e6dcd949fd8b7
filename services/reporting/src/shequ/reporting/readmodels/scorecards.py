"""Scorecards (考评) as read: a campaign's criteria on each office's figures.

The office's own card, a card per community of its subtree and, for a street or the
district, the share of communities that pass — per street for the district (the
district board). Figures are the work plan's actuals as of the moment
(``dashboard.actuals_within``); designations are folded as of the same moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel

from shequ.access import OfficeCode, OfficeLevel, china_date
from shequ.contracts.reporting import METRIC_LABELS, CampaignDefined
from shequ.eventstore import EventStore
from shequ.i18n import Language, translate
from shequ.reporting.domain.designations import Designation, scorecard
from shequ.reporting.readmodels.dashboard import actuals_for
from shequ.reporting.readmodels.designations import (
    communities_within,
    designations_as_of,
)
from shequ.reporting.readmodels.ledgers.people import names_of
from shequ.service import Db


class CriterionView(BaseModel):
    metric: str
    label: str
    comparison: str
    threshold: float
    actual: float | None
    met: bool | None
    source: str | None  # the ledger behind the number (within, as of the moment)


class CommunityCard(BaseModel):
    office: str
    name: str
    status: str | None  # None: the community has not begun this designation
    grade: str | None
    criteria: list[CriterionView]
    passes: bool


class StreetRate(BaseModel):
    office: str
    name: str | None
    communities: int
    passing: int
    pass_rate: float | None
    met: bool | None


class Scorecard(BaseModel):
    office: str
    office_name: str | None
    level: OfficeLevel
    campaign: str
    campaign_name: str
    as_of: datetime
    year: int
    status: str | None
    grade: str | None
    criteria: list[CriterionView]
    passes: bool
    communities: list[CommunityCard]
    pass_rate: float | None
    pass_rate_target: float | None
    pass_rate_met: bool | None
    streets: list[StreetRate]


def _criteria(
    campaign: CampaignDefined,
    actuals: dict[str, int | float | None] | None,
    office: str,
    at: datetime,
    language: Language,
) -> list[CriterionView]:
    return [
        CriterionView(
            metric=j.criterion.metric,
            label=j.criterion.label
            or translate(
                METRIC_LABELS.get(j.criterion.metric, j.criterion.metric), language
            ),
            comparison=j.criterion.comparison,
            threshold=j.criterion.threshold,
            actual=j.actual,
            met=j.met,
            source=j.source,
        )
        for j in scorecard.judge(campaign, actuals, office, at)
    ]


def _rate_met(rate: float | None, target: float | None) -> bool | None:
    if rate is None or target is None:
        return None
    return rate >= target


async def scorecard_of(
    db: Db,
    store: EventStore,
    office: OfficeCode,
    campaign: CampaignDefined,
    *,
    at: datetime,
    language: Language,
) -> Scorecard:
    """The office's card, and one per community of its subtree with the pass rates."""
    metrics = [c.metric for c in campaign.criteria]
    actuals = await actuals_for(db, office, at, metrics)
    year = china_date(at).year
    states = {
        d.office: d
        for d in await designations_as_of(store, office, campaign.campaign, at)
    }
    reading = _Reading(campaign, at, year, language)
    cards = [
        _card(reading, code, name, states.get(code), actuals.get(code))
        for code, name in await communities_within(db, office)
    ]
    names = await names_of(
        db, [office, *{OfficeCode(c.office).parent or c.office for c in cards}]
    )
    own = states.get(office)
    criteria = _criteria(campaign, actuals.get(office), office, at, language)
    rate = _rate(cards) if office.level is not OfficeLevel.COMMUNITY else None
    return Scorecard(
        office=office,
        office_name=names.get(office),
        level=office.level,
        campaign=campaign.campaign,
        campaign_name=campaign.name,
        as_of=at,
        year=year,
        status=None if own is None else own.status,
        grade=None if own is None else own.grades.get(year),
        criteria=criteria,
        passes=all(c.met is True for c in criteria),
        communities=cards if office.level is not OfficeLevel.COMMUNITY else [],
        pass_rate=rate,
        pass_rate_target=campaign.pass_rate,
        pass_rate_met=_rate_met(rate, campaign.pass_rate),
        streets=_streets(cards, campaign, names)
        if office.level is OfficeLevel.DISTRICT
        else [],
    )


@dataclass(frozen=True)
class _Reading:
    """What every card of one scorecard is read with."""

    campaign: CampaignDefined
    at: datetime
    year: int
    language: Language


def _card(
    reading: _Reading,
    office: str,
    name: str,
    state: Designation | None,
    actuals: dict[str, int | float | None] | None,
) -> CommunityCard:
    criteria = _criteria(
        reading.campaign, actuals, office, reading.at, reading.language
    )
    return CommunityCard(
        office=office,
        name=name,
        status=None if state is None else state.status,
        grade=None if state is None else state.grades.get(reading.year),
        criteria=criteria,
        passes=all(c.met is True for c in criteria),
    )


def _rate(cards: list[CommunityCard]) -> float | None:
    return sum(c.passes for c in cards) / len(cards) if cards else None


def _streets(
    cards: list[CommunityCard], campaign: CampaignDefined, names: dict[str, str]
) -> list[StreetRate]:
    by_street: dict[str, list[CommunityCard]] = {}
    for card in cards:
        by_street.setdefault(OfficeCode(card.office).parent or card.office, []).append(
            card
        )
    rates = []
    for street, its in sorted(by_street.items()):
        rate = _rate(its)
        rates.append(
            StreetRate(
                office=street,
                name=names.get(street),
                communities=len(its),
                passing=sum(c.passes for c in its),
                pass_rate=rate,
                met=_rate_met(rate, campaign.pass_rate),
            )
        )
    return rates
