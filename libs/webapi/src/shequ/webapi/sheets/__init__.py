"""Ledgers (台帐) as offices print and file them: Excel for the archive, CSV for data.

A ledger declares its title and columns and hands over its rows; the rest is here, the
same for every service:

    COLUMNS = [
        Column("name", N_("Name")),
        Column("id_number", N_("ID number"), kind="id"),
        Column("sex", N_("Sex"), labels=SEX_LABELS),
        Column("registered_on", N_("Registered on"), kind="date"),
    ]
    sheet = Sheet(N_("Unemployed persons ledger"), COLUMNS, rows)
    return excel_response("unemployed.xlsx", [sheet], heading, language)

The Excel file (XlsxWriter, constant memory: a row is written and forgotten; a
download's in a process of its own, beside the service's event loop) has a
title row naming the ledger and the office, a line saying as of when, who exported it
and when, the header frozen below them, borders, widths fitted to Chinese text, dates
as dates and ID numbers as text, and A4 landscape print set-up with the title rows on
every page and 第 N 页 共 M 页 in the footer. Texts are in the reader's language.
"""

from shequ.webapi.sheets._apart import WriterFailed
from shequ.webapi.sheets._model import Column, ColumnKind, Heading, Sheet
from shequ.webapi.sheets._responses import (
    EXCEL_DOWNLOAD,
    EXCEL_OR_CSV_DOWNLOAD,
    csv_response,
    excel_response,
)
from shequ.webapi.sheets._writing import write_csv, write_workbook

__all__ = [
    "EXCEL_DOWNLOAD",
    "EXCEL_OR_CSV_DOWNLOAD",
    "Column",
    "ColumnKind",
    "Heading",
    "Sheet",
    "WriterFailed",
    "csv_response",
    "excel_response",
    "write_csv",
    "write_workbook",
]
