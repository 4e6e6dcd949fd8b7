from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI, Response
from fastapi.testclient import TestClient

from shequ.access import Role, TokenVerifier
from shequ.testing.tokens import PUBLIC_KEY, bearer, staff
from shequ.webapi import (
    CurrentActor,
    ExpectedVersion,
    install_problem_handlers,
    set_etag,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
ACTOR = staff(Role.COMMUNITY_WORKER, office="441900101001", staff_id="s-1")
P = "https://shequ.example/problems/"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(clock: Clock) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.state.token_verifier = TokenVerifier(PUBLIC_KEY)
    app.state.clock = clock

    @app.get("/me")
    async def me(actor: CurrentActor) -> dict[str, Any]:
        return actor.model_dump(mode="json")

    @app.put("/disputes/d-1")
    async def put(version: ExpectedVersion, response: Response) -> dict[str, Any]:
        set_etag(response, (version or 0) + 1)
        return {"expected": version}

    return TestClient(app, headers={"Accept-Language": "en"})


def _bearer(now: datetime = T0) -> dict[str, str]:
    return bearer(ACTOR, now)


def _unauthenticated(detail: str) -> tuple[int, str, Any]:
    body = {
        "type": P + "not-authenticated",
        "title": "Not authenticated",
        "status": 401,
        "detail": detail,
        "instance": "/me",
    }
    return (401, "Bearer", body)


def _answer(client: TestClient, headers: dict[str, str]) -> tuple[int, str, Any]:
    response = client.get("/me", headers=headers)
    return (
        response.status_code,
        response.headers.get("www-authenticate", ""),
        response.json(),
    )


def test_a_valid_bearer_token_yields_the_actor(client: TestClient) -> None:
    assert _answer(client, _bearer()) == (
        200,
        "",
        {"staff_id": "s-1", "office": "441900101001", "roles": ["community_worker"]},
    )


def test_a_request_without_a_token_is_401(client: TestClient) -> None:
    assert _answer(client, {}) == _unauthenticated("no Authorization header")


def test_a_basic_authorization_header_is_401(client: TestClient) -> None:
    assert _answer(client, {"Authorization": "Basic czox"}) == _unauthenticated(
        "the Authorization header is not a bearer token"
    )


def test_expiry_is_judged_by_the_apps_clock(client: TestClient, clock: Clock) -> None:
    clock.now = T0 + timedelta(hours=1)

    assert _answer(client, _bearer()) == _unauthenticated("token has expired")


def test_a_garbage_token_is_401(client: TestClient) -> None:
    assert _answer(client, {"Authorization": "Bearer xyz"}) == _unauthenticated(
        "token is malformed"
    )


@pytest.mark.parametrize(
    ("if_match", "expected"), [('"7"', 7), ('W/"7"', 7), ("7", 7), (None, None)]
)
def test_if_match_gives_the_expected_version(
    client: TestClient, if_match: str | None, expected: int | None
) -> None:
    headers = {} if if_match is None else {"If-Match": if_match}

    response = client.put("/disputes/d-1", headers=headers)

    assert (response.json(), response.headers["etag"]) == (
        {"expected": expected},
        f'"{(expected or 0) + 1}"',
    )


@pytest.mark.parametrize("if_match", ['"seven"', '"7', "*", '"7", "8"'])
def test_a_malformed_if_match_is_400_naming_the_header(
    client: TestClient, if_match: str
) -> None:
    response = client.put("/disputes/d-1", headers={"If-Match": if_match})

    detail = f'If-Match must be a version such as "7", got {if_match!r}'
    assert (response.status_code, response.json()) == (
        400,
        {
            "type": P + "malformed-if-match",
            "title": "Malformed If-Match header",
            "status": 400,
            "detail": detail,
            "instance": "/disputes/d-1",
            "errors": [{"field": "header.If-Match", "message": detail}],
        },
    )
