"""Print one page of a ledger as an office would, for the README's picture.

    .venv/bin/python docs/ledger_picture.py   # needs LibreOffice (soffice) and pdftoppm

Writes a 失业人员台帐 of 60 made-up residents with ``shequ.webapi.sheets``, has
LibreOffice print it to PDF (A4 landscape, as the sheet's print set-up says) and turns
the first page into ``docs/ledger-page.png``.
"""

from __future__ import annotations

import random
import subprocess
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from shequ.contracts.employment.ledgers import (
    UNEMPLOYED_LEDGER_COLUMNS,
    UNEMPLOYED_LEDGER_TITLE,
)
from shequ.i18n import Named
from shequ.webapi.sheets import Column, Heading, Sheet, write_workbook

HERE = Path(__file__).parent
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁"
GIVEN = ["伟", "芳", "建国", "秀英", "志强", "丽娟", "海燕", "国华", "春梅", "永红"]
OFFICES = [Named("441900101002", "东向社区"), Named("441900101001", "潢涌村")]


def _rows(count: int) -> list[list[object]]:
    rng = random.Random(7)
    rows = []
    for n in range(count):
        born = date(rng.randint(1966, 2004), rng.randint(1, 12), rng.randint(1, 28))
        registered = date(2026, rng.randint(1, 11), rng.randint(1, 28))
        rows.append(
            [
                rng.choice(SURNAMES) + rng.choice(GIVEN),
                f"4419{born:%Y%m%d}"[:6] + "********" + f"{rng.randint(0, 9999):04d}",
                rng.choice(["male", "female"]),
                born,
                rng.choice(OFFICES),
                registered,
                [f"SY2026{n:05d}"] if rng.random() < 0.6 else [],
                rng.random() < 0.1,
                rng.random() < 0.05,
                rng.random() < 0.1,
                "unemployed",
                registered,
            ]
        )
    return rows


def main() -> None:
    columns = [Column(*c) for c in UNEMPLOYED_LEDGER_COLUMNS]
    heading = Heading(
        office=Named("441900101000", "中堂镇"),
        as_of=date(2026, 12, 6),
        exported_by="王芳",
        exported_at=datetime(2026, 12, 6, 1, 30, tzinfo=UTC),
    )
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "ledger.xlsx"
        with sheet.open("wb") as out:
            write_workbook(
                out, [Sheet(UNEMPLOYED_LEDGER_TITLE, columns, _rows(60))], heading, "zh"
            )
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, sheet],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                Path(folder) / "ledger.pdf",
                HERE / "ledger-page",
            ],
            check=True,
        )


if __name__ == "__main__":
    main()
