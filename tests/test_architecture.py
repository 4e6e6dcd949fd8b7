"""The dependency rule, checked on every import statement.

services → libs, contracts; libs → contracts; contracts → pydantic. Services never
import each other, and no lib imports a service.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]
STDLIB_AND_PYDANTIC = {"pydantic", "pydantic_core", "yaml"}  # yaml: generator output


def _imports(package_src: Path) -> set[str]:
    found: set[str] = set()
    for path in package_src.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
    return found


def _shequ_parts(imports: set[str]) -> set[str]:
    return {name.split(".")[1] for name in imports if name.startswith("shequ.")}


def _members(folder: str) -> dict[str, Path]:
    return {
        p.name: p / "src" / "shequ" / p.name
        for p in sorted((ROOT / folder).iterdir())
        if (p / "src" / "shequ" / p.name).is_dir()
    }


def test_contracts_depend_on_pydantic_and_the_standard_library_only() -> None:
    imports = _imports(ROOT / "contracts" / "src")
    third_party = {
        name.split(".")[0]
        for name in imports
        if not name.startswith("shequ.") and name.split(".")[0] not in _stdlib()
    }
    assert third_party <= STDLIB_AND_PYDANTIC
    assert _shequ_parts(imports) <= {"contracts"}


def test_libs_import_no_service() -> None:
    services = set(_members("services"))
    for name, src in _members("libs").items():
        assert not (_shequ_parts(_imports(src)) & services), name


def test_services_never_import_each_other() -> None:
    services = _members("services")
    for name, src in services.items():
        others = (set(services) - {name}) & _shequ_parts(_imports(src))
        assert not others, f"{name} imports {others}"


def _stdlib() -> frozenset[str]:
    import sys

    return frozenset(sys.stdlib_module_names) | {"__future__"}
