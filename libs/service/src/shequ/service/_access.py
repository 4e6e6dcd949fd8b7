"""The access dependencies every route uses: a writer, a reader, a restricted reader.

Each checks the acting staff member's roles against the service's declared
:class:`~shequ.access.AccessRules` (``ServiceDefinition.access``); the office a record
belongs to is checked by the route with the same rules (``may_write``, ``may_read``),
once it knows the record.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from shequ.access import Actor, require_role
from shequ.service._app import RuntimeDep
from shequ.webapi import CurrentActor


async def _writer(actor: CurrentActor, rt: RuntimeDep) -> Actor:
    require_role(actor, *rt.definition.access.writers)
    return actor


async def _reader(actor: CurrentActor, rt: RuntimeDep) -> Actor:
    require_role(actor, *rt.definition.access.readers)
    return actor


async def _restricted_reader(actor: CurrentActor, rt: RuntimeDep) -> Actor:
    require_role(actor, *rt.definition.access.restricted)
    return actor


Writer = Annotated[Actor, Depends(_writer)]
Reader = Annotated[Actor, Depends(_reader)]
RestrictedReader = Annotated[Actor, Depends(_restricted_reader)]
