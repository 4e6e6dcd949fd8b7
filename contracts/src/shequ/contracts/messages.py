"""Text shown to people: written in English in the code, translated where it is shown.

Every sentence a person reads (a refusal, a ledger's cell, a CLI line) is written
``N_("…{name}…")`` (gettext's ``gettext_noop``): the marker returns the English text
unchanged and lets ``pybabel extract`` and the catalogue test find it. The owning
package's catalogue (``locale/zh_CN/LC_MESSAGES/<package>.po``) gives the Chinese;
``shequ.i18n`` picks the language at the edge (``Accept-Language``, ``--lang``) and
fills in the ``{name}`` placeholders there, so domain code never knows the reader's
language.
"""

from __future__ import annotations

from collections.abc import Mapping


class Msg(str):
    """A marked text: English as written, looked up in the catalogue when shown.

    A ``Msg`` passed as a placeholder's value (``what=N_("the reason")``) is translated
    too; any other value (a name, an id, a number) is shown as it is.
    """

    __slots__ = ()


def N_(message: str) -> Msg:  # noqa: N802 - gettext's name, which extractors know
    """Mark ``message`` for the catalogue; it is translated where it is shown."""
    return Msg(message)


class Listed(tuple[object, ...]):
    """Values shown one after another: each translated if marked, joined 、 in Chinese.

    ``roles=Listed(ROLE_LABELS[r] for r in roles)`` → 禁毒办、社区戒毒康复专干.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return ", ".join(str(value) for value in self)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


Params = Mapping[str, object]
Labels = Mapping[str, Msg]
"""Words for a code's values (``{"male": N_("male")}`` → 男), kept beside the code."""


def english(template: str, params: Params) -> str:
    """``template`` with its placeholders filled, as written (English)."""
    return template.format_map(dict(params)) if params else template
