"""Which language a reader gets: Chinese unless they ask for English.

Offices read Chinese (zh-CN); English is for another team integrating a service or an
operator who asks for it with ``Accept-Language: en`` (or ``--lang en``).
"""

from __future__ import annotations

from typing import Literal, get_args

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "zh"
#: What ``Content-Language`` says for each.
TAGS: dict[Language, str] = {"zh": "zh-CN", "en": "en"}


def negotiate(accept_language: str | None) -> Language:
    """The language an ``Accept-Language`` header prefers among ours (RFC 9110 12.5.4).

    The highest-weighted range that names Chinese or English wins, the earlier one on a
    tie; ``*``, an unknown language or no header at all gives Chinese.
    """
    best: tuple[float, Language] | None = None
    for part in (accept_language or "").split(","):
        tag, _, weight = part.strip().partition(";")
        quality = _quality(weight)
        primary = tag.strip().lower().split("-")[0]
        language = next((known for known in LANGUAGES if known == primary), None)
        if language and quality > 0 and (best is None or quality > best[0]):
            best = (quality, language)
    return best[1] if best else DEFAULT_LANGUAGE


def language_of(value: str) -> Language:
    """A ``--lang`` value (zh, zh-CN, en, en-US …) as one of ours; Chinese otherwise."""
    return negotiate(value)


def _quality(parameters: str) -> float:
    for parameter in parameters.split(";"):
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0
