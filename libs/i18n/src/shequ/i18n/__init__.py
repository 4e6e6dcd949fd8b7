"""Chinese by default, English on request.

Texts are marked in the code with ``shequ.contracts.messages.N_`` and translated in
each package's gettext catalogue (``locale/zh_CN/LC_MESSAGES/<package>.po``). The edge
picks the language (:func:`negotiate` for ``Accept-Language``, :func:`language_of` for
``--lang``) and shows a text with :func:`render` / :func:`translate`.
"""

from shequ.contracts.messages import N_, Msg
from shequ.i18n._catalogue import Named, render, translate
from shequ.i18n._language import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    TAGS,
    Language,
    language_of,
    negotiate,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "TAGS",
    "Language",
    "Msg",
    "Named",
    "language_of",
    "negotiate",
    "render",
    "translate",
]
