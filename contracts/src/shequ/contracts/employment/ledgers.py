"""The unemployed persons ledger (失业人员台帐): one format, whichever service makes it.

Employment lists it as it is now, reporting as it stood at any moment; an office must
get the same columns in the same words from both (#13 item 7). So the columns are
declared once, here, as plain data (contracts import no web code): each service turns
them into its sheet's columns, ``[Column(*c) for c in UNEMPLOYED_LEDGER_COLUMNS]``
with ``shequ.webapi.sheets.Column``, and gives each row these keys:

========================  =====================================================
key                       value
========================  =====================================================
name                      the person's name (masked where the reader may not see)
document_masked           the ID number as shown (masked), or None
sex                       ``Sex`` code (男/女 through ``SEX_LABELS``)
birth_date                date
office                    ``shequ.i18n.Named(code, name)``: the person's office now
registered_on             date of the open registration (失业登记), or None
certificates              numbers of the certificates in use, a list
subsistence_allowance     bool: tagged 低保
disabled                  bool: tagged 残疾
hardship_family           bool: tagged 困难家庭
labour_status             ``LabourStatus`` code, or None (words through the labels)
unemployed_since          date the status became unemployed, or None
========================  =====================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

from shequ.contracts.employment._types import LABOUR_STATUS_LABELS
from shequ.contracts.messages import N_, Msg
from shequ.contracts.registry._types import SEX_LABELS

LedgerKind = Literal["text", "id", "number", "date", "datetime", "yesno", "list"]
"""The kinds ``shequ.webapi.sheets.Column`` knows (its ``ColumnKind``)."""


class LedgerColumn(NamedTuple):
    """A column as ``shequ.webapi.sheets.Column(key, header, kind, labels)`` takes."""

    key: str
    header: Msg
    kind: LedgerKind = "text"
    labels: Mapping[str, Msg] = {}


UNEMPLOYED_LEDGER_TITLE = N_("Ledger of unemployed persons")
"""失业人员台帐: the sheet's title."""

UNEMPLOYED_LEDGER_COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn("name", N_("Full name")),
    LedgerColumn("document_masked", N_("ID card number"), "id"),
    LedgerColumn("sex", N_("Gender"), labels=SEX_LABELS),
    LedgerColumn("birth_date", N_("Date of birth"), "date"),
    LedgerColumn("office", N_("Community"), "id"),
    LedgerColumn("registered_on", N_("Registered unemployed on"), "date"),
    LedgerColumn("certificates", N_("Certificates in use"), "list"),
    LedgerColumn("subsistence_allowance", N_("Subsistence allowance"), "yesno"),
    LedgerColumn("disabled", N_("Disability"), "yesno"),
    LedgerColumn("hardship_family", N_("Hardship family"), "yesno"),
    LedgerColumn("labour_status", N_("Labour status"), labels=LABOUR_STATUS_LABELS),
    LedgerColumn("unemployed_since", N_("Unemployed since"), "date"),
)
"""The columns of 失业人员台帐, in order, with their headers and how values show."""
