"""The ledgers as offices print them (台帐): each one's title, columns and cells.

The unemployed persons ledger takes its columns from contracts
(``UNEMPLOYED_LEDGER_COLUMNS``), so reporting's 失业人员台帐 has the columns and words
of employment's (#13 item 7). An office is shown by its name with its code; codes turn
into words through the labels beside them (男/女, 失业, 是/否). The export and the
terminal (``shequ audit ledger``) show the same sheets.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Sequence
from typing import Any

from shequ.contracts.employment.ledgers import (
    UNEMPLOYED_LEDGER_COLUMNS,
    UNEMPLOYED_LEDGER_TITLE,
)
from shequ.contracts.messages import N_, Labels
from shequ.i18n import Named
from shequ.reporting.domain.figures import Figures
from shequ.reporting.readmodels.views import UnemployedRow, ZeroHouseholdRow
from shequ.webapi.sheets import Column, Sheet

UNEMPLOYED_COLUMNS = [Column(*c) for c in UNEMPLOYED_LEDGER_COLUMNS]
LEVEL_LABELS: Labels = {
    "district": N_("district"),
    "street": N_("street"),
    "community": N_("community"),
    "grid": N_("grid"),
}
FIGURES_TITLE = N_("Employment figures")
FIGURE_COLUMNS = [
    Column("office", N_("Office"), "id"),
    Column("level", N_("Level"), labels=LEVEL_LABELS),
    Column("working_age", N_("Of working age"), "number"),
    Column("counted", N_("Able and willing to work"), "number"),
    Column("unemployed", N_("Unemployed persons"), "number"),
    Column("employment_rate", N_("Employment rate"), "number"),
    Column("registered_unemployed", N_("Registered unemployed"), "number"),
    Column("certificates_in_use", N_("Number of certificates in use"), "number"),
    Column("zero_employment_households", N_("Zero-employment households"), "number"),
    Column("new_jobs", N_("New jobs"), "number"),
]
ZERO_TITLE = N_("Ledger of zero-employment households")
ZERO_COLUMNS = [
    Column("head_name", N_("Head of household")),
    Column("address", N_("Address")),
    Column("office", N_("Community"), "id"),
    Column("member_names", N_("Household members"), "list"),
    Column("unemployed_names", N_("Unemployed members"), "list"),
    Column("identified_on", N_("Identified on"), "date"),
    Column("household_id", N_("Household number"), "id"),
]


def _office(code: str, name: str | None) -> Named | str:
    return Named(code, name) if name else code


def _unemployed_cells(row: UnemployedRow) -> dict[str, Any]:
    tags = set(row.tags)
    return {
        "name": row.name,
        "document_masked": row.document_masked,
        "sex": row.sex,
        "birth_date": row.birth_date,
        "office": _office(row.office, row.office_name),
        "registered_on": row.registered_on,
        "certificates": row.certificates,
        "subsistence_allowance": "subsistence_allowance" in tags,
        "disabled": "disabled" in tags,
        "hardship_family": "hardship_family" in tags,
        "labour_status": row.status,
        "unemployed_since": row.unemployed_since,
    }


def _rows(
    columns: Sequence[Column], cells: Iterable[dict[str, Any]]
) -> Iterable[list[Any]]:
    return ([found[c.key] for c in columns] for found in cells)


def unemployed_sheet(rows: Iterable[UnemployedRow]) -> Sheet:
    """失业人员台帐, in the one format employment gives it too."""
    cells = (_unemployed_cells(r) for r in rows)
    return Sheet(
        UNEMPLOYED_LEDGER_TITLE, UNEMPLOYED_COLUMNS, _rows(UNEMPLOYED_COLUMNS, cells)
    )


def unemployed_sheet_of(rows: AsyncIterable[UnemployedRow]) -> Sheet:
    """失业人员台帐 from a cursor: each row written as it is read (an export)."""

    async def cells() -> AsyncIterator[list[Any]]:
        async for row in rows:
            found = _unemployed_cells(row)
            yield [found[c.key] for c in UNEMPLOYED_COLUMNS]

    return Sheet(UNEMPLOYED_LEDGER_TITLE, UNEMPLOYED_COLUMNS, cells())


def figures_sheet(offices: Iterable[Figures]) -> Sheet:
    """就业统计: a row per office, district first."""
    cells = ({**f.model_dump(), "office": _office(f.office, f.name)} for f in offices)
    return Sheet(FIGURES_TITLE, FIGURE_COLUMNS, _rows(FIGURE_COLUMNS, cells))


def zero_sheet(rows: Iterable[ZeroHouseholdRow]) -> Sheet:
    """零就业家庭台帐: head of household, address, members by name."""
    cells = (
        {**r.model_dump(), "office": _office(r.office, r.office_name)} for r in rows
    )
    return Sheet(ZERO_TITLE, ZERO_COLUMNS, _rows(ZERO_COLUMNS, cells))
