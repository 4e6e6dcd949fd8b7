"""Bulk import of a resident ledger (台帐): CSV and Excel in, every bad row listed."""

from __future__ import annotations

import asyncio
import csv
import os
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from shequ.access import Role
from shequ.contracts.personal import install_opener
from shequ.contracts.registry import CATALOG, OfficeKind
from shequ.eventstore import EventStore, create_pool, load, migrate, store_migrations
from shequ.keyring import shared
from shequ.registry.cli.ledger_import import main
from shequ.registry.domain import office, person, staff
from shequ.registry.domain.identity import DocumentType, check_digit
from shequ.registry.domain.ledger_import import (
    ImportRefused,
    ImportResult,
    InvalidRow,
    Problem,
    person_id_for,
)
from shequ.registry.domain.rules import Acting
from shequ.registry.handlers import persons
from shequ.registry.handlers.ledger_import import import_ledger
from shequ.registry.readmodels.guards import GUARD_MIGRATIONS
from shequ.service import execute_as
from shequ.service.people import document_digest

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
DISTRICT, STREET_A, STREET_B = "441900000000", "441900101000", "441900102000"
COMMUNITY_A, COMMUNITY_B = "441900101001", "441900102001"
ADMIN = Acting(staff_id="staff-admin", office=DISTRICT, now=NOW)
CLERK = Acting(staff_id="staff-clerk", office=COMMUNITY_A, now=NOW)
HEADER = ["序号", "姓名", "身份证号", "性别", "联系电话", "住址", "户籍类型", "标签"]


def resident_id(born: str = "19900307", serial: int = 101) -> str:
    first17 = f"441900{born}{serial:03d}"
    return first17 + check_digit(first17)


def wrong_check_digit(number: str) -> str:
    return number[:17] + str((int(check_digit(number[:17]).replace("X", "0")) + 1) % 10)


def ledger(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows([header, *rows])
    return path


async def _open_offices(store: EventStore) -> None:
    offices: list[tuple[str, OfficeKind]] = [
        (DISTRICT, "district"),
        (STREET_A, "street"),
        (STREET_B, "street"),
        (COMMUNITY_A, "community"),
        (COMMUNITY_B, "community"),
    ]
    for code, kind in offices:
        command = office.OpenOffice(
            code=code, name=f"office {code}", kind=kind, parent_open=True, by=ADMIN
        )
        await execute_as(ADMIN, store, office.DECIDER, code, command)


@pytest.fixture
async def store(pg_dsn: str) -> AsyncIterator[EventStore]:
    """A migrated registry store with a district, two streets, two communities."""
    async with create_pool(pg_dsn) as pool:
        async with pool.acquire() as conn:
            await migrate(conn, [*store_migrations(), *GUARD_MIGRATIONS])
        # The personal data the import writes is sealed, its numbers claimed by digest.
        ring = shared(pg_dsn, os.environ["SHEQU_MASTER_KEY"])
        await ring.attach()
        install_opener(ring)
        try:
            store = EventStore(pool, CATALOG, keyring=ring)
            await _open_offices(store)
            yield store
        finally:
            await ring.detach()


async def _import(store: EventStore, path: Path, by: Acting = CLERK) -> ImportResult:
    return await import_ledger(store, path, office=COMMUNITY_A, by=by, batch_size=2)


async def _person_events(store: EventStore) -> int:
    count: int = await store.pool.fetchval(
        "SELECT count(*) FROM events WHERE stream_type = 'person'"
    )
    return count


async def test_a_ledger_with_chinese_headers_registers_every_valid_row(
    store: EventStore, tmp_path: Path
) -> None:
    first, second, third = (resident_id(serial=n) for n in (101, 102, 203))
    path = ledger(
        tmp_path / "台帐.csv",
        [
            [
                "1",
                "张伟",
                first,
                "男",
                "138 0013 8000",
                "东城路1号",
                "户籍",
                "党员、退休",
            ],
            ["2", "李娜", second, "女", "", "东城路 2 号", "流动", "student, 低保"],
            ["3", "王芳", third.lower(), "", "0769-22123456", "东城路 3 号", "", ""],
        ],
    )

    result = await _import(store, path)

    assert result == ImportResult(3, 3, 0, ())
    state, head = await load(store, person.DECIDER, person_id_for("resident_id", first))
    assert (state, head.version) == (
        person.Person(
            person_id=person_id_for("resident_id", first),
            office=COMMUNITY_A,
            name="张伟",
            document_kind="resident_id",
            document_number=first,
            birth_date=date(1990, 3, 7),
            sex="male",
            phone="13800138000",
            address="东城路1号",
            residence="registered",
            tags=frozenset({"party_member", "retiree"}),
        ),
        1,
    )
    second_file, _ = await load(
        store, person.DECIDER, person_id_for("resident_id", second)
    )
    assert second_file is not None
    assert (second_file.residence, second_file.tags) == (
        "floating",
        frozenset({"student", "subsistence_allowance"}),
    )


async def test_invalid_rows_are_listed_with_row_field_and_reason(
    store: EventStore, tmp_path: Path
) -> None:
    good, bad = resident_id(serial=101), wrong_check_digit(resident_id(serial=102))
    path = ledger(
        tmp_path / "ledger.csv",
        [
            ["1", "张伟", good, "男", "", "东城路 1 号", "", ""],
            ["2", "李娜", bad, "女", "", "东城路 2 号", "", ""],
            [
                "3",
                "",
                resident_id(serial=103),
                "男",
                "12345",
                "东城路 3 号",
                "常住",
                "VIP",
            ],
            ["4", "赵敏", resident_id(serial=104), "男", "", "东城路 4 号", "", ""],
            [
                "5",
                "孙丽",
                resident_id(serial=106),
                "男",
                "",
                "东城路5号",
                "",
                "低保、VIP",
            ],
        ],
    )

    result = await _import(store, path)

    digit = check_digit(bad[:17])
    tag_names = (
        "在校学生、学生、退休、退休人员、残疾、残疾人、"
        "低保、困难家庭、党员、优抚、优抚对象"
    )
    assert result == ImportResult(
        5,
        1,
        0,
        (
            InvalidRow(
                3,
                (
                    Problem(
                        "document_number",
                        f"check digit should be {digit}, not {bad[17]}",
                    ),
                ),
            ),
            InvalidRow(
                4,
                (
                    Problem("name", "the name must not be blank"),
                    Problem(
                        "phone",
                        "'12345' is neither an 11-digit mobile number nor a"
                        " landline with its area code",
                    ),
                    Problem(
                        "residence",
                        "'常住' is not one of 户籍、户籍人口、registered、"
                        "流动、流动人口、floating",
                    ),
                    Problem("tags", f"'VIP' is not one of {tag_names}"),
                ),
            ),
            InvalidRow(
                5, (Problem("sex", "the ID number gives sex female, not male"),)
            ),
            InvalidRow(
                6,
                (
                    Problem("sex", "the ID number gives sex female, not male"),
                    Problem("tags", f"'VIP' is not one of {tag_names}"),
                ),
            ),
        ),
    )
    assert await _person_events(store) == 1
    assert next(line for row in result.invalid_rows for line in row.lines()) == (
        f"row 3: document_number: check digit should be {digit}, not {bad[17]}"
    )


async def test_importing_the_same_file_again_adds_nothing(
    store: EventStore, tmp_path: Path
) -> None:
    path = ledger(
        tmp_path / "ledger.csv",
        [
            ["1", "张伟", resident_id(serial=101), "男", "", "东城路 1 号", "", ""],
            ["2", "李娜", resident_id(serial=102), "女", "", "东城路 2 号", "", ""],
            ["3", "王芳", resident_id(serial=104), "女", "", "东城路 3 号", "", ""],
        ],
    )
    await _import(store, path)

    again = await _import(store, path)

    assert again == ImportResult(3, 0, 3, ())
    assert await _person_events(store) == 3


async def test_a_file_whose_guard_row_was_lost_is_not_opened_twice(
    store: EventStore, tmp_path: Path
) -> None:
    first, second = resident_id(serial=101), resident_id(serial=102)
    rows = [
        ["1", "张伟", first, "男", "", "东城路 1 号", "", ""],
        ["2", "赵敏", resident_id(serial=104), "女", "", "东城路 4 号", "", ""],
    ]
    await _import(store, ledger(tmp_path / "ledger.csv", rows))
    assert store.keyring is not None
    claim = document_digest(store.keyring, first)
    await store.pool.execute(
        "DELETE FROM person_documents WHERE document_digest = $1", claim
    )
    rows.insert(1, ["3", "李娜", second, "女", "", "东城路 2 号", "", ""])

    again = await _import(store, ledger(tmp_path / "ledger.csv", rows))

    assert again == ImportResult(3, 1, 2, ())
    assert await _person_events(store) == 3
    holder = await store.pool.fetchval(
        "SELECT person_id FROM person_documents WHERE document_digest = $1", claim
    )
    assert holder == person_id_for("resident_id", first)


async def test_a_person_a_clerk_registered_counts_as_already_registered(
    store: EventStore, tmp_path: Path
) -> None:
    number = resident_id(serial=101)
    await persons.register(
        store,
        CLERK,
        name="张伟",
        document=person.IdDocument(kind=DocumentType.RESIDENT_ID, number=number),
        birth_date=None,
        sex=None,
        phone=None,
        address="东城路 1 号",
        office=COMMUNITY_A,
        residence="registered",
        tags=frozenset(),
    )
    path = ledger(
        tmp_path / "ledger.csv",
        [
            ["1", "张伟", number, "男", "", "东城路 1 号", "", ""],
            ["2", "李娜", resident_id(serial=102), "女", "", "东城路 2 号", "", ""],
        ],
    )

    result = await _import(store, path)

    assert result == ImportResult(2, 1, 1, ())
    assert await _person_events(store) == 2


async def test_a_gbk_encoded_ledger_is_read(store: EventStore, tmp_path: Path) -> None:
    number = resident_id(serial=102)
    path = tmp_path / "gbk.csv"
    text = f"姓名,公民身份号码,地址,户籍类型\n李娜,{number},东城路 2 号,流动\n"
    path.write_bytes(text.encode("gbk"))

    result = await _import(store, path)

    assert result == ImportResult(1, 1, 0, ())
    state, _ = await load(store, person.DECIDER, person_id_for("resident_id", number))
    assert state is not None
    assert (state.name, state.address, state.residence) == (
        "李娜",
        "东城路 2 号",
        "floating",
    )


async def test_an_excel_workbook_is_read_below_its_title_row(
    store: EventStore, tmp_path: Path
) -> None:
    number = resident_id(serial=101)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["东城社区居民台帐"])
    sheet.append(
        [
            "name",
            "document_kind",
            "document_number",
            "sex",
            "birth_date",
            "phone",
            "address",
            "tags",
        ]
    )
    sheet.append(["张伟", "", number, "男", None, 13800138000, "东城路 1 号", ""])
    sheet.append(
        [
            "John Smith",
            "护照",
            "e1234567",
            "male",
            datetime(1985, 6, 1),
            None,
            "东城路 9 号",
            "retiree",
        ]
    )
    book.save(tmp_path / "ledger.xlsx")

    result = await _import(store, tmp_path / "ledger.xlsx")

    assert result == ImportResult(2, 2, 0, ())
    state, _ = await load(store, person.DECIDER, person_id_for("passport", "E1234567"))
    assert state is not None
    assert (state.name, state.birth_date, state.sex, state.tags) == (
        "John Smith",
        date(1985, 6, 1),
        "male",
        frozenset({"retiree"}),
    )
    resident, _ = await load(
        store, person.DECIDER, person_id_for("resident_id", number)
    )
    assert resident is not None
    assert resident.phone == "13800138000"


async def test_a_ledger_missing_a_required_column_is_refused_and_writes_nothing(
    store: EventStore, tmp_path: Path
) -> None:
    path = ledger(
        tmp_path / "ledger.csv",
        [["张伟", resident_id(serial=101)]],
        header=["姓名", "身份证号"],
    )

    with pytest.raises(ImportRefused) as refused:
        await _import(store, path)

    assert str(refused.value) == (
        "the header (row 1) lacks required columns: address (住址 / 地址 / 现住址 /"
        " address)"
    )
    assert await _person_events(store) == 0


async def test_the_same_number_twice_in_a_file_makes_the_second_row_invalid(
    store: EventStore, tmp_path: Path
) -> None:
    number = resident_id(serial=101)
    path = ledger(
        tmp_path / "ledger.csv",
        [
            ["1", "张伟", number, "男", "", "东城路 1 号", "", ""],
            ["2", "李娜", resident_id(serial=102), "女", "", "东城路 2 号", "", ""],
            ["3", "张伟", number, "男", "", "西城路 5 号", "", ""],
        ],
    )

    result = await _import(store, path)

    assert result == ImportResult(
        3,
        2,
        0,
        (
            InvalidRow(
                4, (Problem("document_number", "the same document is on row 2"),)
            ),
        ),
    )


async def test_a_cell_holding_a_control_character_makes_its_row_invalid(
    store: EventStore, tmp_path: Path
) -> None:
    path = ledger(
        tmp_path / "ledger.csv",
        [
            ["1", "张\x00伟", resident_id(serial=101), "男", "", "东城路 1 号", "", ""],
            ["2", "李娜", resident_id(serial=102), "女", "", "东城路 2 号", "", ""],
        ],
    )

    result = await _import(store, path)

    assert result == ImportResult(
        2,
        1,
        0,
        (
            InvalidRow(
                2, (Problem("name", "the cell contains the control character U+0000"),)
            ),
        ),
    )


@pytest.mark.parametrize(
    ("office", "by", "reason"),
    [
        pytest.param(
            COMMUNITY_B,
            CLERK,
            f"office {COMMUNITY_B} is outside the subtree of office {COMMUNITY_A}",
            id="an office outside the importer's subtree",
        ),
        pytest.param(
            "441900101009",
            ADMIN,
            "office 441900101009 is not open: it was closed or never opened",
            id="an office never opened",
        ),
    ],
)
async def test_an_import_into_an_office_it_cannot_fill_is_refused(
    store: EventStore, tmp_path: Path, office: str, by: Acting, reason: str
) -> None:
    path = ledger(
        tmp_path / "ledger.csv",
        [["1", "张伟", resident_id(), "男", "", "东城路 1 号", "", ""]],
    )

    with pytest.raises(ImportRefused) as refused:
        await import_ledger(store, path, office=office, by=by)

    assert str(refused.value) == reason
    assert await _person_events(store) == 0


# The command line runs its own event loop, so these tests are synchronous.


@pytest.fixture
def database(pg_dsn: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """SHEQU_DATABASE_URL for a fresh schema with the office tree open."""

    async def setup() -> None:
        async with create_pool(pg_dsn, min_size=1) as pool:
            async with pool.acquire() as conn:
                await migrate(conn, [*store_migrations(), *GUARD_MIGRATIONS])
            store = EventStore(pool, CATALOG)
            await _open_offices(store)
            enrol = staff.EnrolStaff(
                staff_id="staff-b",
                login="worker-b",
                name="王五",
                office=COMMUNITY_B,
                roles=frozenset({Role.COMMUNITY_WORKER}),
                employment="full_time",
                office_open=True,
                by=ADMIN,
            )
            await execute_as(ADMIN, store, staff.DECIDER, "staff-b", enrol)

    asyncio.run(setup())
    monkeypatch.setenv("SHEQU_DATABASE_URL", pg_dsn)
    return pg_dsn


EN = ["--lang", "en"]  # the command line speaks Chinese unless asked


def test_the_command_line_imports_a_clean_ledger_and_exits_0(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ledger(
        tmp_path / "ledger.csv",
        [
            ["1", "张伟", resident_id(serial=101), "男", "", "东城路 1 号", "", ""],
            ["2", "李娜", resident_id(serial=102), "女", "", "东城路 2 号", "", ""],
        ],
    )

    first = main(["import", str(path), "--office", COMMUNITY_A, *EN])
    output = capsys.readouterr()
    again = main(["import", str(path), "--office", COMMUNITY_A, *EN])

    assert (first, again) == (0, 0)
    assert output.out == "read 2, added 2, already registered 0, invalid 0\n"
    assert output.err.splitlines()[-1].startswith("2/2 rows  ")
    assert capsys.readouterr().out == (
        "read 2, added 0, already registered 2, invalid 0\n"
    )


def test_the_command_line_lists_invalid_rows_and_exits_1(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = wrong_check_digit(resident_id(serial=102))
    path = ledger(
        tmp_path / "ledger.csv",
        [
            ["1", "张伟", resident_id(serial=101), "男", "", "东城路 1 号", "", ""],
            ["2", "李娜", bad, "女", "", "东城路 2 号", "", ""],
        ],
    )
    errors = tmp_path / "errors.csv"

    printed = main(["import", str(path), "--office", COMMUNITY_A, *EN])
    output = capsys.readouterr().out
    written = main(
        ["import", str(path), "--office", COMMUNITY_A, "--errors", str(errors), *EN]
    )

    reason = f"check digit should be {check_digit(bad[:17])}, not {bad[17]}"
    assert (printed, written) == (1, 1)
    assert output == (
        "read 2, added 1, already registered 0, invalid 1\n"
        f"row 3: document_number: {reason}\n"
    )
    with errors.open(encoding="utf-8-sig", newline="") as lines:
        assert list(csv.reader(lines)) == [
            ["row", "field", "problem"],
            ["3", "document_number", reason],
        ]


def test_the_command_line_speaks_chinese_by_default(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = wrong_check_digit(resident_id(serial=102))
    path = ledger(
        tmp_path / "ledger.csv",
        [
            ["1", "张伟", resident_id(serial=101), "男", "", "东城路 1 号", "", ""],
            ["2", "李娜", bad, "女", "", "东城路 2 号", "", ""],
        ],
    )
    errors = tmp_path / "errors.csv"

    printed = main(["import", str(path), "--office", COMMUNITY_A])
    output = capsys.readouterr()
    written = main(
        ["import", str(path), "--office", COMMUNITY_A, "--errors", str(errors)]
    )

    reason = f"校验码应为 {check_digit(bad[:17])}，不是 {bad[17]}"
    assert (printed, written) == (1, 1)
    assert output.out == (
        f"读取 2 行，新增 1 人，已登记 0 人，未通过 1 行\n第 3 行：身份证号：{reason}\n"
    )
    assert output.err.splitlines()[-1].startswith("2/2 行  每秒 ")
    with errors.open(encoding="utf-8-sig", newline="") as lines:
        assert list(csv.reader(lines)) == [
            ["行号", "字段", "问题"],
            ["3", "身份证号", reason],
        ]


def test_the_command_line_refuses_a_bad_file_or_actor_and_exits_2(
    database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    no_address = ledger(
        tmp_path / "ledger.csv", [["张伟", resident_id()]], header=["姓名", "身份证号"]
    )
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(128, 256)) * 4)
    good = ledger(
        tmp_path / "good.csv",
        [["1", "张伟", resident_id(serial=101), "男", "", "东城路 1 号", "", ""]],
    )

    codes = [
        main(["import", str(no_address), "--office", COMMUNITY_A, *EN]),
        main(["import", str(garbage), "--office", COMMUNITY_A, *EN]),
        main(["import", str(tmp_path / "missing.csv"), "--office", COMMUNITY_A, *EN]),
        main(["import", str(good), "--office", COMMUNITY_A, "--actor", "staff-b", *EN]),
    ]

    assert codes == [2, 2, 2, 2]
    assert capsys.readouterr().err.splitlines() == [
        "import refused, nothing written: the header (row 1) lacks required"
        " columns: address (住址 / 地址 / 现住址 / address)",
        f"import refused, nothing written: {garbage} is neither UTF-8 nor GBK"
        " text, nor an .xlsx workbook",
        f"import refused, nothing written: cannot read {tmp_path / 'missing.csv'}:"
        " No such file or directory",
        f"import refused, nothing written: office {COMMUNITY_A} is outside the"
        f" subtree of office {COMMUNITY_B}",
    ]
    in_own_office = ["--office", COMMUNITY_B, "--actor", "staff-b"]
    assert main(["import", str(good), *in_own_office, *EN]) == 0
