"""Every service has one shape (services/README.md), checked on its files.

The same folders with the same meaning; the domain pure; SQL only in read models;
arrows pointing down; the formatter owning the format.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SERVICES = sorted(
    p.name for p in (ROOT / "services").iterdir() if (p / "src" / "shequ").is_dir()
)
TOP_LEVEL = {
    "domain",
    "handlers",
    "readmodels",
    "api",
    "cli",
    "app.py",
    "settings.py",
    "demo.py",
    "locale",  # its message catalogue (shequ.i18n)
    "__init__.py",
    "py.typed",
    "__pycache__",
}
# What each layer may import of its own service; the domain no I/O library either.
OWN_LAYERS = {
    "domain": {"domain"},
    "readmodels": {"domain", "readmodels", "settings"},
    "handlers": {"domain", "readmodels", "handlers", "settings"},
    "api": {"domain", "readmodels", "handlers", "api", "settings"},
}
DOMAIN_FORBIDS = {"asyncpg", "fastapi", "nats", "faststream", "httpx", "starlette"}
DOMAIN_SHEQU = {"contracts", "access", "documents", "eventstore"}
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT INTO|UPDATE\s+\w+\s+SET|DELETE FROM)\b")


def _package(service: str) -> Path:
    return ROOT / "services" / service / "src" / "shequ" / service


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def _strings(path: Path) -> list[str]:
    return [
        node.value
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_has_only_the_common_folders_at_its_top(service: str) -> None:
    # A folder git does not keep (only caches left after a move) does not count.
    names = {
        p.name
        for p in _package(service).iterdir()
        if p.is_file() or any(p.rglob("*.py"))
    }

    assert names - TOP_LEVEL == set()


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("layer", sorted(OWN_LAYERS))
def test_a_layer_imports_only_the_layers_below_it(service: str, layer: str) -> None:
    own = f"shequ.{service}."
    wrong = {
        f"{path.relative_to(_package(service))}: {name}"
        for path in (_package(service) / layer).rglob("*.py")
        for name in _imports(path)
        if name.startswith(own)
        and name[len(own) :].split(".")[0] not in OWN_LAYERS[layer]
    }

    assert wrong == set()


@pytest.mark.parametrize("service", SERVICES)
def test_the_domain_is_pure(service: str) -> None:
    wrong = {
        f"{path.name}: {name}"
        for path in (_package(service) / "domain").rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in DOMAIN_FORBIDS
        or (
            name.startswith("shequ.")
            and name.split(".")[1] not in {*DOMAIN_SHEQU, service}
        )
    }

    assert wrong == set()


@pytest.mark.parametrize("service", SERVICES)
def test_sql_is_written_only_in_read_models(service: str) -> None:
    package = _package(service)
    wrong = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.relative_to(package).parts[0] != "readmodels"
        and any(SQL.search(" ".join(text.split())) for text in _strings(path))
    }

    assert wrong == set()


def test_the_formatter_owns_the_format_of_every_source_file() -> None:
    skipped = [
        str(path.relative_to(ROOT))
        for folder in ("contracts", "libs", "services")
        for path in (ROOT / folder).rglob("*.py")
        if "/src/" in str(path) and "fmt: skip" in path.read_text()
    ]

    assert skipped == []
