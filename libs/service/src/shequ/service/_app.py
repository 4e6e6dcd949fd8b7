"""Turn a :class:`ServiceDefinition` into a FastAPI app with everything wired.

Nothing happens at import or construction: the lifespan configures telemetry, opens
the runtime and puts it on ``app.state``; routes reach it through :data:`RuntimeDep`.
Every path lives under ``/api/v1/<service>`` (docs and health included), so any set
of services can share one address (see _proxy.py).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from opentelemetry.sdk.trace.export import SpanExporter

from shequ.service._definition import ServiceDefinition
from shequ.service._ops import ops_router
from shequ.service._position import PositionHeader
from shequ.service._runtime import Runtime, open_runtime
from shequ.service._settings import ServiceSettings
from shequ.telemetry import configure_telemetry
from shequ.webapi import (
    docs_router,
    document_problems,
    health_router,
    install_problem_handlers,
    telemetry_config,
)


def _now() -> datetime:
    return datetime.now(UTC)


def create_service_app(
    definition: ServiceDefinition,
    settings: ServiceSettings | None = None,
    *,
    clock: Callable[[], datetime] = _now,
    span_exporter: SpanExporter | None = None,
) -> FastAPI:
    """The service's ASGI app; resources open when the app starts."""
    config = settings or ServiceSettings()
    prefix = definition.prefix

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        telemetry = configure_telemetry(
            definition.name,
            otlp_endpoint=config.otlp_endpoint,
            span_exporter=span_exporter,
            sample_ratio=config.trace_sample_ratio,
        )
        try:
            async with open_runtime(definition, config, clock) as runtime:
                app.state.runtime = runtime
                app.state.token_verifier = runtime.verifier
                app.state.clock = runtime.clock
                if (names := definition.office_names) is not None:
                    app.state.office_names = functools.partial(names, runtime)
                yield
        finally:
            telemetry.shutdown()

    app = FastAPI(
        title=f"shequ {definition.name}",
        description=definition.description,
        lifespan=lifespan,
        docs_url=None,  # served by docs_router, from local assets
        openapi_url=f"{prefix}/openapi.json",
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        telemetry=telemetry_config(
            untraced_paths=(f"{prefix}/health/live", f"{prefix}/health/ready")
        ),
    )
    install_problem_handlers(app)
    app.add_middleware(PositionHeader, service=definition.name)

    async def postgres() -> None:
        await app.state.runtime.pool.fetchval("SELECT 1")

    async def nats() -> None:
        if not app.state.runtime.nats.is_connected:
            raise ConnectionError("not connected to NATS")

    app.include_router(
        health_router({"postgres": postgres, "nats": nats}), prefix=prefix
    )
    app.include_router(ops_router(), prefix=prefix)
    app.include_router(docs_router(prefix, f"shequ {definition.name}"))
    for router in definition.routers:
        app.include_router(router)
    document_problems(app)
    return app


async def get_runtime(request: Request) -> Runtime:
    """The running service's resources (a FastAPI dependency)."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
