"""What a district sets for mediation (规则), with the defaults the law gives. Pure.

- ``conclude_within_months``: 《人民调解工作若干规定》 — a dispute is generally
  concluded within one month of acceptance; past it, only with both parties' consent.
- ``confirmation_days``: 《人民调解法》 art. 33 — the parties may apply for judicial
  confirmation within 30 days of the agreement taking effect.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class MediationRules:
    conclude_within_months: int = 1
    confirmation_days: int = 30


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` later, on the same day of the month or its last."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def conclude_by(registered_on: date, rules: MediationRules) -> date:
    """The last day to conclude a dispute registered on ``registered_on``."""
    return add_months(registered_on, rules.conclude_within_months)


def confirmation_by(agreed_on: date, rules: MediationRules) -> date:
    """The last day to apply for judicial confirmation of an agreement (art. 33)."""
    return agreed_on + timedelta(days=rules.confirmation_days)
