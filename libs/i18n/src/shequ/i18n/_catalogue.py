"""The Chinese catalogues of every shequ package, and showing a message in a language.

Each package that shows text keeps one gettext catalogue,
``shequ/<package>/locale/zh_CN/LC_MESSAGES/<package>.po``: the English as written in the
code (``msgid``) and its Chinese (``msgstr``). Translators edit it with any PO editor;
``make messages`` adds new texts to it. The union of all of them answers a look-up, so a
service shows a library's refusal in Chinese too.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

import shequ
from shequ.contracts.messages import Listed, Msg, Params, english
from shequ.i18n._language import Language

LOCALE = "zh_CN"


def catalogue_path(package_dir: Path) -> Path:
    """Where the package at ``package_dir`` (e.g. ``…/src/shequ/registry``) keeps it."""
    return package_dir / "locale" / LOCALE / "LC_MESSAGES" / f"{package_dir.name}.po"


def package_dirs() -> Iterator[Path]:
    """Every installed shequ package (each portion of the namespace, each folder)."""
    for portion in shequ.__path__:
        for child in sorted(Path(portion).iterdir()):
            if child.is_dir() and (child / "__init__.py").exists():
                yield child


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=LOCALE)


def translations(catalogue: Catalog) -> dict[str, str]:
    """``msgid → msgstr`` of the finished entries (none empty, none fuzzy)."""
    return {
        str(m.id): str(m.string)
        for m in catalogue
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


@functools.cache
def chinese() -> Mapping[str, str]:
    """Every package's translations in one look-up table (read once per process)."""
    table: dict[str, str] = {}
    for package in package_dirs():
        path = catalogue_path(package)
        if path.exists():
            table.update(translations(read_catalogue(path)))
    return table


def translate(text: str, language: Language) -> str:
    """``text`` in ``language``: its catalogue entry, or the English if none."""
    if language == "en":
        return text
    return chinese().get(text, text)


@dataclass(frozen=True)
class Named:
    """A code shown with its name: 东向社区（441900102001）, as offices read them."""

    code: str
    name: str

    def shown(self, language: Language) -> str:
        return (
            f"{self.name}（{self.code}）"
            if language == "zh"
            else f"{self.name} ({self.code})"
        )


def render(template: str, params: Params, language: Language) -> str:
    """``template`` translated, placeholders filled (a ``Msg`` value translated too).

    A translation whose placeholders do not match (the catalogue test keeps them out)
    falls back to the English rather than fail the request that shows it.
    """
    values = {name: _shown(value, language) for name, value in params.items()}
    try:
        return (
            translate(template, language).format_map(values)
            if params
            else translate(template, language)
        )
    except (KeyError, IndexError, ValueError):
        return english(template, values)


def _shown(value: object, language: Language) -> object:
    if isinstance(value, Msg):
        return translate(value, language)
    if isinstance(value, Named):
        return value.shown(language)
    if isinstance(value, Listed):
        shown = (str(_shown(item, language)) for item in value)
        return ("、" if language == "zh" else ", ").join(shown)
    return value
