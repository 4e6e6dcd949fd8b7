"""The generator writes byte-stable schemas and AsyncAPI documents, keeping old ones."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Literal

import pytest
import yaml
from pydantic import BaseModel

from shequ.contracts import Event, EventCatalog
from shequ.contracts.catalogs import all_catalogs
from shequ.contracts.generate import main, render, sync

CONTRACTS = Path(__file__).parents[1]


class Party(BaseModel):
    name: str


class CaseOpened(Event):
    """A dispute case was opened."""

    stream_type: ClassVar[str] = "case"
    type: Literal["CaseOpened"] = "CaseOpened"
    case_id: str
    parties: list[Party]
    opened_at: datetime


class CaseClosed(Event):
    """A dispute case was closed; v2 added the outcome."""

    schema_version: ClassVar[int] = 2
    stream_type: ClassVar[str] = "case"
    type: Literal["CaseClosed"] = "CaseClosed"
    case_id: str
    outcome: str


SAMPLE = EventCatalog(
    "sample",
    [CaseOpened, CaseClosed],
    upcasters={("CaseClosed", 1): lambda payload: {**payload, "outcome": "unknown"}},
)
FILES = [
    "asyncapi/sample.yaml",
    "schemas/envelope.v1.json",
    "schemas/sample/CaseClosed.v2.json",
    "schemas/sample/CaseOpened.v1.json",
]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _generate(root: Path, *, check: bool = False) -> int:
    return sync(root, render([SAMPLE]), check=check)


def test_generation_writes_the_current_version_of_each_event_and_the_documents(
    tmp_path: Path,
) -> None:
    assert _generate(tmp_path) == 0

    assert list(_tree(tmp_path)) == FILES


def test_an_event_schema_describes_the_model_and_where_it_is_published(
    tmp_path: Path,
) -> None:
    _generate(tmp_path)

    schema = json.loads((tmp_path / "schemas/sample/CaseClosed.v2.json").read_text())

    assert schema["$id"] == "https://shequ.example/schemas/sample/CaseClosed.v2.json"
    assert schema["title"] == "CaseClosed"
    assert schema["x-shequ"] == {
        "service": "sample",
        "stream_type": "case",
        "event_type": "CaseClosed",
        "schema_version": 2,
        "subject": "shequ.sample.case.CaseClosed",
    }
    assert set(schema["properties"]) == set(CaseClosed.model_fields)
    # The stored payload leaves the type tag out, so the schema must not require it.
    assert schema["required"] == ["case_id", "outcome"]


def test_generating_twice_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _generate(tmp_path)
    first = _tree(tmp_path)
    capsys.readouterr()

    assert _generate(tmp_path) == 0

    assert _tree(tmp_path) == first
    assert capsys.readouterr().out.splitlines() == [
        *(f"unchanged {name}" for name in FILES),
        "contracts: 4 unchanged",
    ]


def test_the_schema_of_an_older_version_is_kept(tmp_path: Path) -> None:
    old = tmp_path / "schemas/sample/CaseClosed.v1.json"
    old.parent.mkdir(parents=True)
    old.write_text('{"title": "CaseClosed"}\n')

    _generate(tmp_path)

    assert old.read_text() == '{"title": "CaseClosed"}\n'
    assert _generate(tmp_path, check=True) == 0


def test_check_reports_stale_and_missing_files_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _generate(tmp_path)
    stale = tmp_path / "schemas/sample/CaseOpened.v1.json"
    stale.write_bytes(stale.read_bytes().replace(b"case", b"Case", 1))
    (tmp_path / "asyncapi/sample.yaml").unlink()
    before = _tree(tmp_path)
    capsys.readouterr()

    assert _generate(tmp_path, check=True) == 1

    assert _tree(tmp_path) == before
    assert capsys.readouterr().out.splitlines() == [
        "missing   asyncapi/sample.yaml",
        "stale     schemas/sample/CaseOpened.v1.json",
        "contracts are out of date (1 missing, 1 stale, 2 unchanged):"
        " run `make contracts`",
    ]


def test_the_committed_contracts_are_current() -> None:
    # Fails when an event model changed and `make contracts` was not run.
    result = subprocess.run(
        [sys.executable, "-m", "shequ.contracts.generate", "--check", str(CONTRACTS)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert (result.returncode, result.stderr) == (0, ""), result.stdout


def test_the_command_line_checks_every_catalog_and_refuses_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = len(render(all_catalogs()))

    assert main([str(tmp_path)]) == 0
    assert main(["--check", str(tmp_path)]) == 0
    assert (
        capsys.readouterr().out.splitlines()[-1] == f"contracts: {expected} unchanged"
    )
    with pytest.raises(SystemExit, match="2"):
        main([str(tmp_path / "absent")])


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def _resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_the_asyncapi_document_has_a_channel_and_a_send_operation_per_event(
    tmp_path: Path,
) -> None:
    _generate(tmp_path)

    document = yaml.safe_load((tmp_path / "asyncapi/sample.yaml").read_text())

    assert document["asyncapi"] == "3.0.0"
    assert document["info"]["title"] == "shequ sample"
    assert {name: c["address"] for name, c in document["channels"].items()} == {
        "CaseOpened": "shequ.sample.case.CaseOpened",
        "CaseClosed": "shequ.sample.case.CaseClosed",
    }
    assert document["operations"]["sendCaseClosed"] == {
        "action": "send",
        "channel": {"$ref": "#/channels/CaseClosed"},
        "messages": [{"$ref": "#/channels/CaseClosed/messages/CaseClosed"}],
    }
    assert sorted(document["components"]["schemas"]) == [
        "CaseClosed.v2",
        "CaseOpened.v1",
        "EventEnvelope",
        "Headers",
        "Party",
    ]
    for ref in _refs(document):
        assert ref.startswith("#/"), ref
        _resolve(document, ref)


def test_an_event_without_a_stream_type_is_refused() -> None:
    class Orphan(Event):
        type: Literal["Orphan"] = "Orphan"

    with pytest.raises(ValueError, match="Orphan must set stream_type"):
        render([EventCatalog("sample", [Orphan])])
