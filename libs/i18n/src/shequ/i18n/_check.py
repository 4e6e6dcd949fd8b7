"""What keeps the catalogues whole: every marked text translated, nothing stale.

Used by the catalogue test and by ``python -m shequ.i18n`` (``make messages``), which
adds the new texts of a package to its catalogue for a translator to fill in.
"""

from __future__ import annotations

import string
from collections import defaultdict
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from shequ.i18n._catalogue import LOCALE, catalogue_path, read_catalogue, translations

#: The marker (``shequ.contracts.messages.N_``) is the only keyword.
KEYWORDS: dict[str, None] = {"N_": None}


def marked_texts(package_dir: Path) -> dict[str, list[str]]:
    """Every text marked ``N_("…")`` in the package's code, with where it is."""
    found: dict[str, list[str]] = defaultdict(list)
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(package_dir), keywords=KEYWORDS, comment_tags=()
    ):
        if isinstance(message, str) and "/locale/" not in filename:
            found[message].append(f"{package_dir.name}/{filename}:{lineno}")
    return dict(found)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def problems(package_dir: Path) -> list[str]:
    """What is wrong with the package's catalogue, a line each (empty: it is whole)."""
    marked = marked_texts(package_dir)
    path = catalogue_path(package_dir)
    if not marked:
        return [f"{path} exists but nothing is marked"] if path.exists() else []
    if not path.exists():
        return [f"{path} is missing ({len(marked)} texts marked)"]
    catalogue = read_catalogue(path)
    done = translations(catalogue)
    entries = {str(m.id) for m in catalogue if m.id}
    found = [
        f"untranslated {text!r} ({', '.join(where[:2])})"
        for text, where in sorted(marked.items())
        if text not in done
    ]
    found += [f"stale entry {text!r}" for text in sorted(entries - set(marked))]
    found += [
        f"placeholders differ in {text!r}: {sorted(placeholders(zh))}"
        for text, zh in sorted(done.items())
        if placeholders(text) != placeholders(zh)
    ]
    return found


def update(package_dir: Path) -> tuple[int, int]:
    """Add the package's new texts to its catalogue and drop stale ones.

    Translations already made are kept; a new text gets an empty ``msgstr`` for the
    translator. Returns (texts added, texts dropped).
    """
    path = catalogue_path(package_dir)
    old = read_catalogue(path) if path.exists() else Catalog(locale=LOCALE)
    kept = translations(old)
    marked = marked_texts(package_dir)
    fresh = Catalog(
        locale=LOCALE,
        project=f"shequ-{package_dir.name}",
        version="1",
        msgid_bugs_address="https://shequ.example/issues",
        creation_date=old.creation_date,  # kept, so an update changes only texts
        revision_date=old.revision_date,
        last_translator="shequ",
        language_team="zh-CN",
        fuzzy=False,
        header_comment=(
            f"# Chinese (zh-CN) texts of shequ.{package_dir.name}: msgid is the English"
            "\n# in the code, msgstr what a Chinese reader sees. Keep every {name}."
        ),
    )
    for text, where in sorted(marked.items()):
        places = {(path, int(line)) for path, line in (w.rsplit(":", 1) for w in where)}
        fresh.add(text, kept.get(text, ""), locations=sorted(places))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, fresh, width=88, sort_output=True, include_lineno=False)
    old_ids = {str(m.id) for m in old if m.id}
    return len(set(marked) - old_ids), len(old_ids - set(marked))
