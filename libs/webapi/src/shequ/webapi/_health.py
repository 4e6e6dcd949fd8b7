"""Liveness and readiness endpoints (``/health/live``, ``/health/ready``).

Liveness says only that the process answers. Readiness runs each named check (a
database ping, a NATS round trip) concurrently under a short timeout, so an
orchestrator stops routing to an instance whose dependencies are down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from shequ.contracts.messages import N_
from shequ.i18n import negotiate
from shequ.webapi._problem import Problem

_log = logging.getLogger("shequ.webapi")

Check = Callable[[], Awaitable[None]]


def health_router(checks: Mapping[str, Check], *, timeout: float = 2.0) -> APIRouter:
    """Liveness and readiness routes; a check passes by returning, fails by raising."""
    router = APIRouter(prefix="/health", tags=["health"])

    @router.get("/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready")
    async def ready(request: Request) -> Response:
        outcomes = await asyncio.gather(
            *(_run(name, check, timeout) for name, check in checks.items())
        )
        statuses = dict(zip(checks, outcomes, strict=True))
        failing = [name for name, status in statuses.items() if status != "ok"]
        if not failing:
            return JSONResponse({"status": "ok", "checks": statuses})
        problem = Problem(
            503,
            N_("Not ready"),
            N_("failing checks: {checks}"),
            slug="not-ready",
            extensions={"checks": statuses},
            params={"checks": ", ".join(failing)},
        )
        return problem.response(
            request.url.path, negotiate(request.headers.get("accept-language"))
        )

    return router


async def _run(name: str, check: Check, seconds: float) -> str:
    try:
        async with asyncio.timeout(seconds):
            await check()
    except TimeoutError:
        _log.warning("readiness check %s timed out after %ss", name, seconds)
        return "timeout"
    except Exception as error:
        # The class name tells an operator where to look; the message may hold secrets.
        _log.warning("readiness check %s failed", name, exc_info=error)
        return f"error: {type(error).__name__}"
    return "ok"
