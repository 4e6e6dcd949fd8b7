"""Chinese by default: every text a person reads is in its package's catalogue.

Texts are marked ``N_("…")`` in the code (``shequ.contracts.messages``) and translated
in ``locale/zh_CN/LC_MESSAGES/<package>.po``; ``make messages`` adds new ones. These
tests keep the catalogues whole and keep unmarked English out of what is shown.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from shequ.i18n._catalogue import catalogue_path, package_dirs, read_catalogue
from shequ.i18n._catalogue import translations as finished
from shequ.i18n._check import problems

ROOT = Path(__file__).parents[1]
PACKAGES = {p.name: p for p in package_dirs() if ROOT in p.parents}
# Packages whose refusals all speak through the catalogue. A service joins this set
# when its messages are marked; at the end of issue #13 it is every package.
SPEAKING = {
    "contracts",
    "access",
    "webapi",
    "service",
    "i18n",
    "keyring",
    "employment",
    "registry",
    "reporting",
}
# Exceptions that mean a bug or a misconfiguration, never shown to a user as such.
INTERNAL = {
    "AssertionError",
    "CatalogError",
    "KeysNotPrepared",  # a read path that forgot to fetch keys: a bug
    "MasterKeyError",  # the operator's configuration, said at start-up
    "SealedWithoutKeys",  # a process decoding sealed data with no keyring: a bug
    "ConnectionError",
    "PydanticCustomError",  # carries its template to shequ.webapi's translation
    "marked_error",  # its first argument is the error's kind; its text is marked
    "KeyError",
    "LookupError",
    "NotImplementedError",
    "RuntimeError",
    "SystemExit",
    "TypeError",
    "ValueError",
    "WriterFailed",  # the workbook writer process failed: a bug, answered 500
}


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_every_marked_text_is_translated_and_nothing_is_stale(package: str) -> None:
    assert problems(PACKAGES[package]) == []


def test_one_text_has_one_translation_across_catalogues() -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for package in PACKAGES.values():
        if catalogue_path(package).exists():
            for text, zh in finished(read_catalogue(catalogue_path(package))).items():
                seen[text].add(zh)
    assert {text: zh for text, zh in seen.items() if len(zh) > 1} == {}


def _unmarked(path: Path) -> list[str]:
    """Refusals built from a bare string or f-string instead of a marked text."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        call = node.exc if isinstance(node, ast.Raise) else None
        if isinstance(node, ast.Call) and _is_super_init(node):
            call = node
        if not isinstance(call, ast.Call) or _name(call.func) in INTERNAL:
            continue
        if any(isinstance(arg, ast.Constant | ast.JoinedStr) for arg in _texts(call)):
            found.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    return found


def _texts(call: ast.Call) -> list[ast.expr]:
    args = [
        a for a in call.args if not (isinstance(a, ast.Constant) and a.value is None)
    ]
    texts = [a for a in args if isinstance(a, ast.Constant | ast.JoinedStr)]
    return [
        a for a in texts if not isinstance(a, ast.Constant) or isinstance(a.value, str)
    ]


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _is_super_init(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "__init__"
        and isinstance(func.value, ast.Call)
        and _name(func.value.func) == "super"
    )


@pytest.mark.parametrize("package", sorted(SPEAKING))
def test_refusals_are_marked_for_the_catalogue(package: str) -> None:
    files = sorted(PACKAGES[package].rglob("*.py"))
    assert [where for path in files for where in _unmarked(path)] == []
