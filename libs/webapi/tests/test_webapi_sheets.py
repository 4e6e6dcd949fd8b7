"""Ledgers as offices print and file them, opened back with openpyxl."""

from __future__ import annotations

import asyncio
import contextlib
import glob
import io
import os
import tempfile
import weakref
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from shequ.contracts.messages import N_
from shequ.contracts.personal import ERASED_DATE
from shequ.contracts.registry import SEX_LABELS
from shequ.i18n import Named, translate
from shequ.webapi.sheets import (
    Column,
    Heading,
    Sheet,
    WriterFailed,
    _apart,
    csv_response,
    excel_response,
    write_csv,
    write_workbook,
)

COLUMNS = [
    Column("name", N_("Name")),
    Column("id_number", N_("ID number"), kind="id"),
    Column("sex", N_("Sex"), labels=SEX_LABELS),
    Column("since", N_("Registered on"), kind="date"),
    Column("disabled", N_("Disabled"), kind="yesno"),
    Column("members", N_("Members"), kind="list"),
    Column("count", N_("Count"), kind="number"),
]
ROWS = [
    [
        "李建国",
        "441900198001011234",
        "male",
        date(2026, 3, 1),
        True,
        ["李华", "王芳"],
        3,
    ],
    ["王芳", "44190019900202123X", "female", None, False, [], 0],
]
HEADING = Heading(
    office=Named("441900102001", "东向社区"),
    as_of=date(2026, 12, 6),
    exported_by="王芳",
    exported_at=datetime(2026, 12, 6, 6, 30, tzinfo=UTC),
)


def _workbook(language: str = "zh") -> openpyxl.Workbook:
    out = io.BytesIO()
    sheet = Sheet(N_("Unemployed persons ledger"), COLUMNS, iter(ROWS))
    write_workbook(out, [sheet], HEADING, language)  # type: ignore[arg-type]
    out.seek(0)
    return openpyxl.load_workbook(out)


def test_a_ledger_has_its_title_its_office_and_who_exported_it_when() -> None:
    page = _workbook().active
    assert page is not None

    merged = sorted(r.coord for r in page.merged_cells.ranges)

    assert [page["A1"].value, page["A2"].value, merged] == [
        "东向社区Unemployed persons ledger",
        "截至 2026年12月6日　　单位：东向社区（441900102001）　　导出人：王芳"
        "　　导出时间：2026-12-06 14:30",
        ["A1:G1", "A2:G2"],
    ]


def test_cells_are_words_dates_and_text_ids_under_a_frozen_header() -> None:
    page = _workbook().active
    assert page is not None
    header = [c.value for c in page[3]]
    first = [c.value for c in page[4]]
    second = [c.value for c in page[5]]

    assert [page.freeze_panes, page["B4"].data_type, page["B4"].number_format] == [
        "A4",
        "s",
        "@",
    ]
    # A header shows as the catalogues say (a service's may translate it).
    assert header == [translate(c.header, "zh") for c in COLUMNS]
    assert first == [
        "李建国",
        "441900198001011234",
        "男",
        datetime(2026, 3, 1),
        "是",
        "李华、王芳",
        3,
    ]
    assert second == ["王芳", "44190019900202123X", "女", None, "否", "", 0]


def test_it_prints_on_a4_landscape_with_the_title_on_every_page_and_page_numbers() -> (
    None
):
    page = _workbook().active
    assert page is not None

    assert [
        page.page_setup.orientation,
        page.page_setup.paperSize,
        page.print_title_rows,
        page.oddFooter.center.text,
        page.page_setup.fitToHeight,
        page.sheet_properties.pageSetUpPr.fitToPage,
    ] == ["landscape", 9, "$1:$3", "第 &P 页 共 &N 页", 0, True]


def test_english_on_request() -> None:
    page = _workbook("en").active
    assert page is not None

    assert [
        page["A1"].value,
        page["C4"].value,
        page["E4"].value,
        page.oddFooter.center.text,
    ] == ["Unemployed persons ledger, 东向社区", "male", "yes", "Page &P of &N"]


def test_csv_has_the_header_and_the_same_words() -> None:
    out = io.StringIO()
    write_csv(out, Sheet(N_("Unemployed persons ledger"), COLUMNS, ROWS), "zh")

    assert out.getvalue().splitlines()[:2] == [
        "\ufeff" + ",".join(translate(c.header, "zh") for c in COLUMNS),
        "李建国,441900198001011234,男,2026-03-01,是,李华、王芳,3",
    ]


async def _cursor(count: int, fail_at: int | None = None) -> Any:
    for n in range(count):
        if n == fail_at:
            raise RuntimeError("the database went away")
        yield [f"居民{n}", f"4419001980{n:08d}", "male", None, False, [], n]
        if n % 100 == 0:
            await asyncio.sleep(0)  # as a cursor's fetch would


async def _body(response: Any) -> bytes:
    body = b"".join([chunk async for chunk in response.body_iterator])
    await response.background()  # as Starlette does once the body is sent
    return body


async def test_rows_from_a_cursor_are_written_as_they_are_read() -> None:
    sheet = Sheet(N_("Unemployed persons ledger"), COLUMNS, _cursor(2_345))
    response = await excel_response("ledger.xlsx", [sheet], HEADING, "zh")

    page = openpyxl.load_workbook(io.BytesIO(await _body(response))).active
    assert page is not None
    assert [page.max_row, page["A4"].value, page.cell(2_345 + 3, 7).value] == [
        2_345 + 3,
        "居民0",
        2_344,
    ]


async def test_every_chunk_of_rows_reaches_the_writer_as_it_was() -> None:
    """Values repeated within rows, over many chunks: each chunk its own pickle."""
    columns = [Column(f"c{n}", N_("Name")) for n in range(3)]
    rows = [[f"居民{n}"] * 3 for n in range(1_600)]
    response = await excel_response(
        "x.xlsx", [Sheet(N_("Ledger"), columns, rows)], HEADING, "zh"
    )

    page = openpyxl.load_workbook(io.BytesIO(await _body(response))).active
    assert page is not None
    assert [[c.value for c in row] for row in page.iter_rows(min_row=4)] == rows


async def test_a_cursor_that_fails_fails_the_export_and_hangs_nothing() -> None:
    sheet = Sheet(N_("Unemployed persons ledger"), COLUMNS, _cursor(5_000, 3_210))

    with pytest.raises(RuntimeError, match="the database went away"):
        await asyncio.wait_for(excel_response("x.xlsx", [sheet], HEADING, "zh"), 30)


def _writers() -> list[str]:
    """This process's children that are workbook writers (``_layout.py``)."""
    me = os.getpid()
    children = Path(f"/proc/{me}/task/{me}/children").read_text().split()
    found = []
    for child in children:
        with contextlib.suppress(OSError):  # gone meanwhile
            if b"_layout.py" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
    return found


def _left_files() -> list[str]:
    return glob.glob(os.path.join(tempfile.gettempdir(), "shequ-*.xlsx"))


async def test_a_value_the_writer_refuses_fails_the_export_and_leaves_nothing() -> None:
    before = _left_files()
    columns = [Column("name", N_("Name")), Column("count", N_("Count"), kind="number")]
    rows = [["李建国", 1.0]] * 1_000 + [["王芳", float("nan")]]

    with pytest.raises(WriterFailed, match="NAN/INF"):
        await excel_response(
            "x.xlsx", [Sheet(N_("Ledger"), columns, rows)], HEADING, "zh"
        )

    assert [_writers(), _left_files()] == [[], before]


async def test_an_export_cancelled_midway_stops_its_writer() -> None:
    before = _left_files()

    async def slow_cursor() -> Any:
        async for row in _cursor(10_000):
            await asyncio.sleep(0.001)
            yield row

    sheet = Sheet(N_("Unemployed persons ledger"), COLUMNS, slow_cursor())
    export = asyncio.ensure_future(excel_response("x.xlsx", [sheet], HEADING, "zh"))
    await asyncio.sleep(0.5)
    export.cancel()
    with pytest.raises(asyncio.CancelledError):
        await export

    assert [_writers(), _left_files()] == [[], before]


async def test_downloads_beyond_the_writers_wait_their_turn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_apart, "WRITERS", 1)
    monkeypatch.setattr(_apart, "_SLOTS", weakref.WeakKeyDictionary())
    most = 0

    async def count() -> None:
        nonlocal most
        while True:
            most = max(most, len(_writers()))
            await asyncio.sleep(0.005)

    async def export(n: int) -> bytes:
        sheet = Sheet(N_("Unemployed persons ledger"), COLUMNS, _cursor(300 + n))
        return await _body(await excel_response("x.xlsx", [sheet], HEADING, "zh"))

    counting = asyncio.create_task(count())
    try:
        bodies = await asyncio.gather(*(export(n) for n in range(3)))
    finally:
        counting.cancel()

    rows = [openpyxl.load_workbook(io.BytesIO(b)).active.max_row for b in bodies]
    assert [most, rows] == [1, [303, 304, 305]]


async def test_csv_reads_a_cursor_too() -> None:
    sheet = Sheet(N_("Unemployed persons ledger"), COLUMNS, _cursor(3))
    text = (await _body(await csv_response("x.csv", sheet, "zh"))).decode()

    assert text.splitlines()[1:] == [
        "居民0,441900198000000000,男,,否,,0",
        "居民1,441900198000000001,男,,否,,1",
        "居民2,441900198000000002,男,,否,,2",
    ]


def test_an_erased_date_reads_as_erased_not_as_year_one() -> None:
    """An erased person's birth date decodes as 0001-01-01; a sheet says 已删除."""
    out = io.BytesIO()
    columns = [Column("name", N_("Name")), Column("born", N_("Born"), kind="date")]
    rows = [["姓名已删除", ERASED_DATE], ["李建国", date(1980, 1, 1)]]
    write_workbook(out, [Sheet(N_("Ledger"), columns, iter(rows))], HEADING, "zh")
    out.seek(0)
    page = openpyxl.load_workbook(out).active
    assert page is not None

    assert [[c.value for c in page[4]], page["B5"].value] == [
        ["姓名已删除", "已删除"],
        datetime(1980, 1, 1),
    ]
