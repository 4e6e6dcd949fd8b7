"""Operator routes (运维): where the relay and each projection stand, parked messages.

An operator at 2 a.m. needs three answers without a database shell: is anything
behind, what failed and why, and can it be replayed now that the cause is fixed.
Reading needs a district administrator or an auditor; replaying, a district
administrator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from shequ.access import Actor, Role, require_role
from shequ.contracts.messages import N_
from shequ.messaging import ParkedEvent, ProjectionRunner, list_parked, replay_parked
from shequ.webapi import CurrentActor, Problem


class SourceLag(BaseModel):
    source: str
    checkpoint: int
    stream_last_seq: int
    lag: int


class ProjectionStatus(BaseModel):
    name: str
    sources: list[SourceLag]


class ServiceStatus(BaseModel):
    service: str
    # Whether this replica holds the lease and so runs the relay and projections;
    # with several replicas behind a balancer, ask again to reach another.
    runs_background: bool
    lease_epoch: int | None
    relay_pending: int
    relay_position: int
    projections: list[ProjectionStatus]
    parked: int


async def _operator(actor: CurrentActor) -> Actor:
    require_role(actor, Role.DISTRICT_ADMIN, Role.AUDITOR)
    return actor


Operator = Annotated[Actor, Depends(_operator)]


async def _parked(runners: Mapping[str, ProjectionRunner]) -> list[ParkedEvent]:
    # Each runner's own pool: a projection may live in a schema of its own (reporting's
    # generations), with its parked messages beside it.
    found = [
        event
        for name, runner in runners.items()
        for event in await list_parked(runner.pool, name)
    ]
    return sorted(found, key=lambda e: (e.parked_at, e.stream_seq))


def ops_router() -> APIRouter:
    """Status, parked messages and replay, under ``/ops``."""
    router = APIRouter(prefix="/ops", tags=["operations"])

    @router.get("/status")
    async def status(request: Request, _: Operator) -> ServiceStatus:
        runtime = request.app.state.runtime
        relay = await runtime.relay.status()
        projections = [
            ProjectionStatus(
                name=name,
                sources=[
                    SourceLag(
                        source=s.source,
                        checkpoint=s.checkpoint,
                        stream_last_seq=s.stream_last_seq,
                        lag=s.lag,
                    )
                    for s in await runner.status()
                ],
            )
            for name, runner in runtime.runners.items()
        ]
        parked = len(await _parked(runtime.runners))
        fence = runtime.lease.fence
        return ServiceStatus(
            service=runtime.definition.name,
            runs_background=fence is not None,
            lease_epoch=fence.epoch if fence else None,
            relay_pending=relay.pending,
            relay_position=relay.checkpoint.position,
            projections=projections,
            parked=parked,
        )

    @router.get("/parked")
    async def parked(request: Request, _: Operator) -> list[ParkedEvent]:
        return await _parked(request.app.state.runtime.runners)

    @router.post("/parked/{projection}/{source}/{stream_seq}/replay", status_code=204)
    async def replay(
        request: Request,
        projection: str,
        source: str,
        stream_seq: int,
        actor: CurrentActor,
    ) -> None:
        require_role(actor, Role.DISTRICT_ADMIN)
        runner = request.app.state.runtime.runners.get(projection)
        if runner is None:
            raise Problem(
                404,
                N_("No such projection"),
                N_("no projection {projection}"),
                field="projection",
                params={"projection": projection},
            )
        try:
            await replay_parked(runner.pool, runner.projection, source, stream_seq)
        except LookupError:
            raise Problem(
                404,
                N_("Nothing parked there"),
                N_("nothing of {source} is parked at {stream_seq}"),
                params={"source": source, "stream_seq": stream_seq},
            ) from None

    return router
