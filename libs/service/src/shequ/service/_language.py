"""The reader's language and the heading of the ledgers they export.

A route takes ``ReaderLanguage``: ``?lang=en`` (a download link cannot send headers)
or else what ``Accept-Language`` prefers, Chinese by default. An export takes its
heading from :func:`heading`: the office by name, as of when, who exported it, when.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from shequ.access import Actor
from shequ.i18n import Language, Named, negotiate
from shequ.service._runtime import Runtime
from shequ.webapi.sheets import Heading


def reader_language(
    request: Request,
    lang: Annotated[
        Language | None,
        Query(description="zh (the default) or en; else Accept-Language decides"),
    ] = None,
) -> Language:
    """``lang`` if given, else the language ``Accept-Language`` prefers."""
    return lang or negotiate(request.headers.get("accept-language"))


ReaderLanguage = Annotated[Language, Depends(reader_language)]


async def named_office(rt: Runtime, code: str) -> Named:
    """``code`` with its name, from the service's look-up (the code if it has none)."""
    names = rt.definition.office_names
    found = await names(rt, [code]) if names else {}
    return Named(code, found.get(code, code))


async def heading(rt: Runtime, actor: Actor, office: str, as_of: date) -> Heading:
    """The lines above an exported ledger of ``office``'s subtree, as of ``as_of``."""
    return Heading(
        office=await named_office(rt, office),
        as_of=as_of,
        exported_by=actor.staff_id,
        exported_at=rt.clock(),
    )
