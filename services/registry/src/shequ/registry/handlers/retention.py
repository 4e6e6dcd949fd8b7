"""Retention rules (保存期限): set by the district, applied every hour.

:func:`apply_retention` erases every closed file past the rule, as the system
(``system:retention``) for the district that set it, each through the person decider:
a file a legal hold keeps is refused there and stays on the due ledger with its hold;
a rerun appends nothing new, since an erased file refuses a second erasure
(test_a_second_run_of_the_retention_rule_erases_nothing).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from shequ.access import Acting, OfficeCode, china_date
from shequ.contracts import DomainError
from shequ.contracts.registry import RecordKind
from shequ.eventstore import EventStore, Outcome, load
from shequ.registry.domain import retention
from shequ.registry.domain.retention import RetentionRule, SetRetentionRule
from shequ.registry.handlers.erasure import erase
from shequ.registry.readmodels.retention import due_files
from shequ.service import execute_as

log = logging.getLogger(__name__)

SYSTEM = "system:retention"
_BATCH = 500


async def set_rule(
    store: EventStore,
    by: Acting,
    record_kind: RecordKind,
    *,
    erase_after_years: int,
    expected_version: int | None = None,
) -> Outcome[retention.State]:
    """Set the district's rule for ``record_kind`` (the actor's office sets it)."""
    command = SetRetentionRule(
        record_kind=record_kind,
        erase_after_years=erase_after_years,
        office=by.office,
        by=by,
    )
    return await execute_as(
        by,
        store,
        retention.DECIDER,
        retention.stream_id(record_kind),
        command,
        expected_version=expected_version,
    )


async def rule_for(
    store: EventStore, record_kind: RecordKind
) -> tuple[RetentionRule | None, int]:
    """The rule in force for ``record_kind`` and its stream's version."""
    rule, head = await load(store, retention.DECIDER, retention.stream_id(record_kind))
    return rule, head.version


@dataclass(frozen=True)
class Applied:
    """What one run of the rule did."""

    erased: list[str]
    kept: dict[str, str]  # person id -> why (a hold, or the file changed meanwhile)


async def apply_retention(store: EventStore, now: datetime) -> Applied:
    """Erase every closed person file past the rule that no legal hold keeps."""
    rule, _ = await rule_for(store, "closed_person_file")
    done = Applied(erased=[], kept={})
    if rule is None:
        return done
    by = Acting(staff_id=SYSTEM, office=rule.office, now=now)
    page = 1
    while True:
        due = await due_files(
            store.pool,
            years=rule.erase_after_years,
            today=china_date(now),
            within=OfficeCode(rule.office).subtree_prefix,
            page=page,
            size=_BATCH,
        )
        for item in due.items:
            if item.held_by:
                done.kept[item.person_id] = item.held_by[0].kind
                continue
            try:
                await erase(
                    store,
                    by,
                    item.person_id,
                    ground="retention_ended",
                    reason=f"保存期限届满（{rule.erase_after_years}年）",
                )
            except DomainError as refused:
                done.kept[item.person_id] = refused.code
                continue
            done.erased.append(item.person_id)
        if page * _BATCH >= due.total:
            break
        page += 1
    if done.erased or done.kept:
        log.info(
            "retention: %d files erased, %d kept", len(done.erased), len(done.kept)
        )
    return done
