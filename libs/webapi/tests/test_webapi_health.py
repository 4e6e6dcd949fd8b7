import asyncio

from fastapi import FastAPI
from fastapi.testclient import TestClient

from shequ.webapi import health_router, install_problem_handlers


async def _ok() -> None:
    return None


async def _broken() -> None:
    raise ConnectionRefusedError("postgresql://shequ:secret@db/shequ")


async def _slow() -> None:
    await asyncio.sleep(5)


def _client(**checks: object) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(health_router(checks, timeout=0.05))  # type: ignore[arg-type]
    return TestClient(app, headers={"Accept-Language": "en"})


def test_live_is_always_ok() -> None:
    response = _client(db=_broken).get("/health/live")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_ready_reports_each_passing_check() -> None:
    response = _client(db=_ok, nats=_ok).get("/health/ready")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "checks": {"db": "ok", "nats": "ok"}},
    )


def test_ready_is_503_naming_failing_and_slow_checks_without_their_messages() -> None:
    response = _client(db=_broken, nats=_slow, cache=_ok).get("/health/ready")

    assert (
        response.status_code,
        response.headers["content-type"],
        response.json(),
    ) == (
        503,
        "application/problem+json",
        {
            "type": "https://shequ.example/problems/not-ready",
            "title": "Not ready",
            "status": 503,
            "detail": "failing checks: db, nats",
            "instance": "/health/ready",
            "checks": {
                "db": "error: ConnectionRefusedError",
                "nats": "timeout",
                "cache": "ok",
            },
        },
    )
