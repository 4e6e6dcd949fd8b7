"""The ledger workbook opens in a spreadsheet reader with every value as written."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from shequ.webapi import Column, Sheet, excel_bytes

COLUMNS = [
    Column("a", "姓名", "Name"),
    Column("b", "日期", "Date"),
    Column("c", "人数", "Count"),
    Column("d", "在用", "In use"),
]


def test_values_come_back_as_written_with_headers_in_either_language() -> None:
    rows = [["王<&>\x01五", date(2026, 3, 31), 3, True], [None, None, 2.5, False]]

    zh = load_workbook(io.BytesIO(excel_bytes([Sheet("失业人员台帐", COLUMNS, rows)])))
    en = load_workbook(
        io.BytesIO(excel_bytes([Sheet("Unemployed", COLUMNS, rows)], "en"))
    )

    assert list(zh["失业人员台帐"].iter_rows(values_only=True)) == [
        ("姓名", "日期", "人数", "在用"),
        ("王<&>五", datetime(2026, 3, 31), 3, True),  # a control character dropped
        (None, None, 2.5, False),
    ]
    assert next(en.active.iter_rows(values_only=True))[0] == "Name"  # type: ignore[union-attr]


def test_several_sheets_with_awkward_titles_each_keep_a_valid_name() -> None:
    stamped = [[datetime(2026, 1, 1, tzinfo=UTC)]]
    sheets = [
        Sheet("a/b:c", COLUMNS, []),
        Sheet("a/b:c", COLUMNS, []),
        Sheet("x" * 40, COLUMNS, stamped),
    ]

    book = load_workbook(io.BytesIO(excel_bytes(sheets)))

    assert len(book.sheetnames) == 3
    assert len(set(book.sheetnames)) == 3
    assert all(len(name) <= 31 for name in book.sheetnames)
