"""Archived payloads opened (解密) for whoever reads them: the log, a file, a replay.

The archive keeps each event as its service published it, personal fields sealed
under the person's key (``_sealed``), so a dump of reporting's tables holds none of
them in clear. A reader gets them opened here: the keys of a page's subjects are
fetched in one query (``shequ.contracts.personal.prepare``), then each payload opens
by its contract; a person erased reads as erased (姓名已删除). The sealed box itself
never leaves: a payload no installed contract describes, or read by a process with no
key (``shequ audit`` run without ``SHEQU_MASTER_KEY``), shows without its personal
fields.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from pydantic_core import to_jsonable_python

from shequ.contracts import CatalogError, Event
from shequ.contracts.catalogs import all_catalogs
from shequ.contracts.personal import SEALED, SealedWithoutKeys, open_payload, prepare

Archived = tuple[str, str, dict[str, Any]]
"""An archived payload: the service that recorded it, its event type, its data."""


@cache
def _catalogs() -> Mapping[str, Any]:
    return {catalog.service: catalog for catalog in all_catalogs()}


def _model(service: str, event_type: str) -> type[Event] | None:
    catalog = _catalogs().get(service)
    if catalog is None:
        return None
    try:
        model: type[Event] = catalog.model(event_type)
    except CatalogError:
        return None
    return model


def _open(service: str, event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    if SEALED not in data:
        return data
    model = _model(service, event_type)
    if model is not None:
        with contextlib.suppress(SealedWithoutKeys):
            # Erased values are Python values (a date): the reader gets JSON values.
            opened: dict[str, Any] = to_jsonable_python(open_payload(model, data))
            return opened
    return {k: v for k, v in data.items() if k != SEALED}


async def opened(payloads: Iterable[Archived]) -> list[dict[str, Any]]:
    """Each payload with its sealed fields in place (erased values once erased)."""
    archived = list(payloads)
    await prepare(data for _, _, data in archived if SEALED in data)
    return [_open(service, kind, data) for service, kind, data in archived]
