"""Checks shared by the dispute's rules: it exists, its stage, dates, the deadline."""

from __future__ import annotations

from datetime import date

from shequ.contracts.mediation import DISPUTE_STATUS_LABELS, DisputeStatus
from shequ.contracts.messages import N_
from shequ.mediation.domain.dispute._commands import (
    DateOutOfOrder,
    DeadlinePassed,
    DisputeNotFound,
    WrongStage,
)
from shequ.mediation.domain.dispute._state import Dispute, State


def open_dispute(state: State) -> Dispute:
    if state is None:
        raise DisputeNotFound(N_("no such dispute"), field="dispute_id")
    return state


def in_stage(dispute: Dispute, *stages: DisputeStatus) -> None:
    """Refuse unless the dispute is at one of ``stages``."""
    if dispute.status not in stages:
        raise WrongStage(
            N_("the dispute is {status}"),
            field="dispute_id",
            status=DISPUTE_STATUS_LABELS[dispute.status],
        )


def not_before(day: date, earliest: date, field: str) -> None:
    if day < earliest:
        raise DateOutOfOrder(
            N_("{day} is before {earliest}"), field=field, day=day, earliest=earliest
        )


def within_deadline(dispute: Dispute, day: date, field: str) -> None:
    """Past the deadline, mediation goes on only with both parties' consent."""
    if day > dispute.conclude_by:
        raise DeadlinePassed(
            N_(
                "the dispute was to be concluded by {conclude_by}: record both"
                " parties' consent to continue first"
            ),
            field=field,
            conclude_by=dispute.conclude_by,
        )
