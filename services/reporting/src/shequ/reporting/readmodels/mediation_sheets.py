"""Mediation's ledgers as offices print them: the 人民调解台帐 and the figures.

The ledger's parties, their phones and the matter are filled in for the mediators
and the justice office only; anyone else prints the parties masked and no matter.
The figures print per office: the counts and four rates, then disputes by kind, by
source and by result (the statistical report's rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shequ.contracts.mediation import (
    AGREEMENT_FORM_LABELS,
    DISPUTE_KIND_LABELS,
    DISPUTE_SOURCE_LABELS,
)
from shequ.contracts.messages import N_, Labels, Msg
from shequ.i18n import Named
from shequ.reporting.domain.mediation import (
    CONFIRMATION_LABELS,
    FULFILMENT_LABELS,
    RESULT_LABELS,
    MediationFigures,
)
from shequ.reporting.readmodels.mediation import DisputeRow, Parties
from shequ.reporting.readmodels.sheets import LEVEL_LABELS
from shequ.webapi.sheets import Column, Sheet

LEDGER_TITLE = N_("People's mediation ledger")
LEDGER_COLUMNS = [
    Column("dispute_id", N_("Dispute number"), "id"),
    Column("office", N_("Community"), "id"),
    Column("registered_on", N_("Registered on"), "date"),
    Column("decided_on", N_("Accepted or declined on"), "date"),
    Column("source", N_("Source"), labels=DISPUTE_SOURCE_LABELS),
    Column("kind", N_("Kind of dispute"), labels=DISPUTE_KIND_LABELS),
    Column("parties", N_("Parties"), "list"),
    Column("phones", N_("Contact phones"), "list"),
    Column("matter", N_("Matter in dispute")),
    Column("amount", N_("Amount in dispute (yuan)"), "number"),
    Column("mediator_names", N_("Mediators"), "list"),
    Column("sessions", N_("Sessions"), "number"),
    Column("last_session_on", N_("Last mediated on"), "date"),
    Column("result", N_("Result of mediation"), labels=RESULT_LABELS),
    Column("form", N_("Agreement"), labels=AGREEMENT_FORM_LABELS),
    Column("agreed_amount", N_("Amount agreed (yuan)"), "number"),
    Column("fulfilment", N_("Fulfilment"), labels=FULFILMENT_LABELS),
    Column("follow_ups", N_("Follow-up visits"), "number"),
    Column("last_visited_on", N_("Last visited on"), "date"),
    Column("confirmation", N_("Judicial confirmation"), labels=CONFIRMATION_LABELS),
    Column("closed_on", N_("Closed on"), "date"),
    Column("overdue", N_("Overdue"), "yesno"),
]
_OFFICE = [
    Column("office", N_("Office"), "id"),
    Column("level", N_("Level"), labels=LEVEL_LABELS),
]
FIGURES_TITLE = N_("Mediation figures by office")
FIGURE_COLUMNS = [
    *_OFFICE,
    Column("disputes", N_("Disputes"), "number"),
    Column("declined", N_("Declined"), "number"),
    Column("pending", N_("Being mediated"), "number"),
    Column("agreed", N_("Agreements reached"), "number"),
    Column("failed", N_("Mediations failed"), "number"),
    Column("success_rate", N_("Success rate"), "number"),
    Column("on_time", N_("Concluded on time"), "number"),
    Column("on_time_rate", N_("On-time rate"), "number"),
    Column("overdue", N_("Overdue"), "number"),
    Column("with_verdict", N_("Agreements followed up"), "number"),
    Column("fulfilled", N_("Agreements fulfilled"), "number"),
    Column("fulfilment_rate", N_("Fulfilment rate"), "number"),
    Column("follow_ups", N_("Follow-up visits"), "number"),
    Column("satisfied", N_("Parties satisfied"), "number"),
    Column("satisfaction_rate", N_("Satisfaction rate"), "number"),
    Column("closed", N_("Closed"), "number"),
]
BREAKDOWNS = (
    ("by_kind", N_("Disputes by kind and office"), DISPUTE_KIND_LABELS),
    ("by_source", N_("Disputes by source and office"), DISPUTE_SOURCE_LABELS),
    ("by_result", N_("Disputes by result and office"), RESULT_LABELS),
)


def _office(code: str, name: str | None) -> Named | str:
    return Named(code, name) if name else code


def ledger_sheet(rows: Iterable[DisputeRow], parties: dict[str, Parties]) -> Sheet:
    """人民调解台帐: each dispute with its parties as ``parties`` gives them."""

    def cells(row: DisputeRow) -> list[Any]:
        found = parties.get(row.dispute_id)
        shown = {
            **row.model_dump(),
            "office": _office(row.office, row.office_name),
            "parties": [p.name for p in found.parties] if found else [],
            "phones": [p.phone for p in found.parties if p.phone] if found else [],
            "matter": found.matter if found else None,
        }
        return [shown[c.key] for c in LEDGER_COLUMNS]

    return Sheet(LEDGER_TITLE, LEDGER_COLUMNS, (cells(r) for r in rows))


def figures_sheets(offices: list[MediationFigures]) -> list[Sheet]:
    """The counts and rates, then by kind, by source and by result: a sheet each."""
    shown = [
        o.model_copy(update={"office": _office(o.office, o.name)}) for o in offices
    ]
    sheets = [Sheet.of(FIGURES_TITLE, FIGURE_COLUMNS, shown)]
    return sheets + [_breakdown(shown, *b) for b in BREAKDOWNS]


def _breakdown(
    offices: list[MediationFigures], key: str, title: Msg, labels: Labels
) -> Sheet:
    """Each office's disputes counted by ``key`` (kind, source or result)."""
    columns = [
        *_OFFICE,
        *(Column(code, word, "number") for code, word in labels.items()),
    ]
    rows = [[o.office, o.level, *getattr(o, key).values()] for o in offices]
    return Sheet(title, columns, rows)
