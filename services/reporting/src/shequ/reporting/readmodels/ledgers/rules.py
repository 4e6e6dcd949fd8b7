"""The working-age rule employment adopted (劳动年龄规则), as it stood at any moment.

Employment publishes each rule it adopts (``RetirementRuleAdopted``); each is in force
from the event's recorded time until the next, so a figure read as of a moment counts
working age by the rule in force then, never by employment's environment. Before any
rule was adopted, the statutory reform schedule applies (``domain.figures``).
"""

from __future__ import annotations

from datetime import datetime

from shequ.contracts import EventEnvelope
from shequ.contracts.employment import RetirementRuleAdopted
from shequ.contracts.employment.working_age import RetirementRule
from shequ.eventstore import Migration
from shequ.messaging import Appliers
from shequ.reporting.domain.figures import rule_in_force
from shequ.reporting.readmodels.ledgers._temporal import Changes, as_of
from shequ.service import Db

SERVICE = "employment"
TABLES = ("retirement_rules",)
MIGRATIONS = [
    Migration(
        "reporting-ledgers-rules",
        1,
        """CREATE TABLE IF NOT EXISTS retirement_rules (
               source     text NOT NULL,
               valid_from timestamptz NOT NULL,
               valid_to   timestamptz,
               rule       jsonb NOT NULL);""",
    )
]
# One rule at a time, employment's: the temporal key is its source.
_KEY = {"source": SERVICE}


APPLY: Appliers[Changes, None] = Appliers()


@APPLY.on
def _adopted(
    changes: Changes, e: RetirementRuleAdopted, envelope: EventEnvelope
) -> None:
    rule = e.rule.model_dump_json()
    changes.replace("retirement_rules", _KEY, envelope.recorded_at, {"rule": rule})


async def rule_at(db: Db, at: datetime) -> RetirementRule:
    """The working-age rule in force at ``at``."""
    adopted = await db.fetchval(
        f"SELECT r.rule::text FROM retirement_rules r WHERE {as_of('r')}", at
    )
    return rule_in_force(
        None if adopted is None else RetirementRule.model_validate_json(adopted)
    )
