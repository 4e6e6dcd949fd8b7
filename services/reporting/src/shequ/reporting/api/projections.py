"""Operators' view of reporting's projections: where each stands, and rebuilds.

A rebuild is blue/green (see ``generations``): the serving tables keep answering
while the new generation fills; the response streams progress lines as it goes and
ends with the count applied and the generation that now serves. It goes on if the
caller disconnects; the list of projections shows how far it is.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from shequ.contracts import Conflict, NotFound
from shequ.contracts.messages import N_
from shequ.i18n import render
from shequ.reporting.api._deps import generations
from shequ.reporting.domain.access import may_operate
from shequ.reporting.readmodels.generations import Rebuilding
from shequ.service import Reader, ReaderLanguage, RuntimeDep

router = APIRouter(prefix="/api/v1/reporting/projections", tags=["projections"])


class SourceProgress(BaseModel):
    reached: int  # the stream sequence applied so far
    last: int  # the stream's last sequence when the rebuild began with it


class RebuildState(BaseModel):
    generation: int
    started_at: datetime
    sources: dict[str, SourceProgress]


class ProjectionState(BaseModel):
    projection: str
    generation: int
    schema_name: str
    sources: dict[str, int]  # source → messages not yet applied
    rebuild: RebuildState | None  # a rebuild under way, with its progress


@router.get("")
async def list_projections(rt: RuntimeDep, actor: Reader) -> list[ProjectionState]:
    """Each projection's serving generation and lag per source."""
    may_operate(actor, listing=True)
    serving = await generations(rt).serving()
    states = []
    for name, runner in rt.runners.items():
        lag = {s.source: s.lag for s in await runner.status()}
        states.append(
            ProjectionState(
                projection=name,
                generation=serving[name][0],
                schema_name=serving[name][1],
                sources=lag,
                rebuild=_rebuild_state(generations(rt).rebuilding.get(name)),
            )
        )
    return states


def _rebuild_state(rebuilding: Rebuilding | None) -> RebuildState | None:
    if rebuilding is None:
        return None
    return RebuildState(
        generation=rebuilding.generation,
        started_at=rebuilding.started_at,
        sources={
            source: SourceProgress(reached=seq, last=end)
            for source, (seq, end) in rebuilding.sources.items()
        },
    )


@router.post("/{name}/rebuild")
async def rebuild(
    name: str, rt: RuntimeDep, actor: Reader, language: ReaderLanguage
) -> StreamingResponse:
    """Rebuild ``name`` from zero beside the serving tables, then switch to it.

    Needs no ``If-Match``: a rebuild replays every event from the start, so its
    outcome does not depend on anything the caller read, and a second rebuild while
    one runs is refused (409), never merged or lost.
    """
    may_operate(actor)
    live = rt.runners.get(name)
    if live is None:
        raise NotFound(N_("no projection {name}"), field="name", name=name)
    if generations(rt).busy(name):
        raise Conflict(
            N_(
                "{name} is being rebuilt already; GET /api/v1/reporting/projections"
                " shows how far"
            ),
            field="name",
            name=name,
        )
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    def progress(source: str, seq: int, end: int) -> None:
        lines.put_nowait(f"{source}: {seq}/{end}\n")

    async def run() -> None:
        try:
            applied = await generations(rt).rebuild(live, progress)
            generation, _ = (await generations(rt).serving())[name]
            done = N_("done: {applied} events applied; generation {generation} serves")
            params = {"applied": applied, "generation": generation}
            lines.put_nowait(render(done, params, language) + "\n")
        except Exception as error:  # reported to the operator, not swallowed
            failed = render(N_("failed: {error}"), {"error": repr(error)}, language)
            lines.put_nowait(failed + "\n")
            raise
        finally:
            lines.put_nowait(None)

    task = asyncio.create_task(run())

    async def stream() -> AsyncIterator[str]:
        while (line := await lines.get()) is not None:
            yield line
        await asyncio.gather(task, return_exceptions=True)

    return StreamingResponse(stream(), media_type="text/plain; charset=utf-8")
