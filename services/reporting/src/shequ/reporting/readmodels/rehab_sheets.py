"""Rehab's ledgers as offices print them: the case ledger and four tables of figures.

The case ledger names each client, so it is printed for the rehab roles only; anyone
else prints how many open cases each office holds. The figures print the same rows
four ways: test compliance, staffing, what is overdue and the drug-free inputs.
"""

from __future__ import annotations

from collections.abc import Iterable

from shequ.contracts.messages import N_
from shequ.contracts.rehab import REHAB_KIND_LABELS
from shequ.i18n import Named
from shequ.reporting.domain.rehab import RehabFigures
from shequ.reporting.readmodels.rehab import OfficeCases, RehabCaseRow
from shequ.reporting.readmodels.sheets import LEVEL_LABELS
from shequ.webapi.sheets import Column, Sheet

CASES_TITLE = N_("Ledger of community drug rehab clients")
CASE_COLUMNS = [
    Column("name", N_("Name")),
    Column("document_masked", N_("ID number"), "id"),
    Column("office", N_("Community"), "id"),
    Column("kind", N_("Kind of case"), labels=REHAB_KIND_LABELS),
    Column("decided_on", N_("Decided on"), "date"),
    Column("reported_on", N_("Reported on"), "date"),
    Column("term_ends_on", N_("Term ends on"), "date"),
    Column("agreement_signed", N_("Agreement signed"), "yesno"),
    Column("responsible_worker", N_("Responsible worker"), "id"),
    Column("tests_taken", N_("Tests taken"), "number"),
    Column("tests_positive", N_("Positive tests"), "number"),
    Column("last_tested_on", N_("Last tested on"), "date"),
    Column("report_overdue", N_("Report overdue"), "yesno"),
    Column("test_overdue", N_("Test overdue"), "yesno"),
    Column("evaluation_overdue", N_("Evaluation overdue"), "yesno"),
    Column("case_id", N_("Case number"), "id"),
]
COUNTS_TITLE = N_("Open rehab cases by office")
COUNT_COLUMNS = [
    Column("office", N_("Office"), "id"),
    Column("cases", N_("Open cases"), "number"),
]
_OFFICE = [
    Column("office", N_("Office"), "id"),
    Column("level", N_("Level"), labels=LEVEL_LABELS),
]
COMPLIANCE_TITLE = N_("Urine test compliance by office")
COMPLIANCE_COLUMNS = [
    *_OFFICE,
    Column("tests_due", N_("Tests due"), "number"),
    Column("tests_taken", N_("Tests taken"), "number"),
    Column("tests_missed", N_("Tests missed"), "number"),
    Column("tests_refused", N_("Tests refused or evaded"), "number"),
    Column("tests_positive", N_("Positive tests"), "number"),
    Column("test_compliance", N_("Test compliance"), "number"),
]
STAFFING_TITLE = N_("Rehab staffing and coverage by office")
STAFFING_COLUMNS = [
    *_OFFICE,
    Column("clients", N_("Clients"), "number"),
    Column("workers", N_("Rehab workers"), "number"),
    Column("full_time_workers", N_("Full-time workers"), "number"),
    Column("required_full_time", N_("Full-time workers required"), "number"),
    Column("staffing_shortfall", N_("Workers short"), "number"),
    Column("uncovered_clients", N_("Clients without a responsible worker"), "number"),
    Column("clients_per_worker", N_("Clients per worker"), "number"),
]
OVERDUE_TITLE = N_("Overdue reports, tests and evaluations by office")
OVERDUE_COLUMNS = [
    *_OFFICE,
    Column("clients", N_("Clients"), "number"),
    Column("reports_overdue", N_("Reports overdue"), "number"),
    Column("tests_overdue", N_("Tests overdue"), "number"),
    Column("evaluations_overdue", N_("Evaluations overdue"), "number"),
]
DRUG_FREE_TITLE = N_("Drug-free community inputs by office")
DRUG_FREE_COLUMNS = [
    *_OFFICE,
    Column("clients", N_("Registered drug users"), "number"),
    Column("relapses", N_("Relapses this year"), "number"),
    Column("complete_cases", N_("Cases with a complete record"), "number"),
    Column("ledger_completeness", N_("Ledger completeness"), "number"),
]


def _office(code: str, name: str | None) -> Named | str:
    return Named(code, name) if name else code


def cases_sheet(rows: Iterable[RehabCaseRow]) -> Sheet:
    """社区戒毒康复人员台帐: every open case with its client's name (rehab roles)."""
    shown = (
        r.model_copy(update={"office": _office(r.office, r.office_name)}) for r in rows
    )
    return Sheet.of(CASES_TITLE, CASE_COLUMNS, shown)


def counts_sheet(offices: Iterable[OfficeCases]) -> Sheet:
    """How many open cases each office holds, no one named."""
    shown = (
        {"office": _office(o.office, o.office_name), "cases": o.cases} for o in offices
    )
    return Sheet(
        COUNTS_TITLE, COUNT_COLUMNS, ([r["office"], r["cases"]] for r in shown)
    )


def figures_sheets(offices: list[RehabFigures]) -> list[Sheet]:
    """Compliance, staffing, overdue and drug-free inputs: a sheet each."""
    shown = [
        o.model_copy(update={"office": _office(o.office, o.name)}) for o in offices
    ]
    return [
        Sheet.of(title, columns, shown)
        for title, columns in (
            (COMPLIANCE_TITLE, COMPLIANCE_COLUMNS),
            (STAFFING_TITLE, STAFFING_COLUMNS),
            (OVERDUE_TITLE, OVERDUE_COLUMNS),
            (DRUG_FREE_TITLE, DRUG_FREE_COLUMNS),
        )
    ]
