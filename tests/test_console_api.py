"""The console's typed API client is what the services' OpenAPI documents make today.

console/src/api/<service>.d.ts are generated (console/tools/api.py: each service's
app builds its document offline, openapi-typescript turns it into types) and
committed, so the console is type-checked against the API as it is. A change to an
API that is not regenerated fails here, as a stale event schema fails the contracts'
test; ``make console-api`` regenerates.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).resolve().parents[1] / "console" / "tools" / "api.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shequ_console_api", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_api_client_matches_every_services_openapi_document() -> None:
    tool = _tool()
    if not tool.CLI.exists():
        pytest.fail(f"{tool.CLI} is missing: run `make console` (npm ci) first")

    generated = tool.generate()

    assert sorted(generated) == sorted(p.name for p in tool.TARGET.glob("*.d.ts"))
    assert tool.stale(generated) == [], "stale API client: run `make console-api`"
