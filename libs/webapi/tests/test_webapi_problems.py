import logging
from typing import Annotated, Any

import asyncpg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import AfterValidator, BaseModel

from shequ.access import AccessDenied, NotAuthenticated
from shequ.contracts.errors import Conflict, DomainError, NotFound
from shequ.contracts.messages import N_
from shequ.eventstore._errors import (
    ConcurrencyError,
    EventSchemaError,
    StreamNotFound,
    UnknownEventType,
)
from shequ.webapi import Problem, install_problem_handlers, marked_error

P = "https://shequ.example/problems/"
ERRORS: dict[str, Exception] = {
    "domain": DomainError("a closed dispute cannot be closed again", field="outcome"),
    "not-found": NotFound("no person p-1 in this office"),
    "conflict": Conflict("ID number is already registered", field="id_number"),
    "concurrency": ConcurrencyError("dispute-d1", 3, 4),
    "stream": StreamNotFound("dispute-d1"),
    "unknown-event": UnknownEventType("DisputeReopened", 2),
    "schema": EventSchemaError(
        "DisputeOpened", [{"field": "office", "message": "not an office code"}]
    ),
    "unauthenticated": NotAuthenticated("token has expired"),
    "denied": AccessDenied("office 441900102001 is outside the subtree"),
    "problem": Problem(429, "Too many exports", "wait a minute", slug="export-limit"),
    "crash": RuntimeError("password=hunter2"),
    "missing-file": FileNotFoundError(2, "No such file", "/srv/fonts/simsun.ttc"),
}


class Visit(BaseModel):
    person_id: str
    minutes: int


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/raise/{name}")
    async def raise_(name: str) -> None:
        raise ERRORS[name]

    @app.post("/visits")
    async def visit(body: Visit, limit: int = 10) -> Visit:
        return body

    # These tests read the English; Chinese (the default) has tests of its own.
    return TestClient(
        app, raise_server_exceptions=False, headers={"Accept-Language": "en"}
    )


def _call(client: TestClient, name: str, **headers: str) -> tuple[int, str, Any]:
    response = client.get(f"/raise/{name}", headers=headers)
    return response.status_code, response.headers["content-type"], response.json()


def _body(status: int, slug: str | None, title: str, detail: str, **more: Any) -> Any:
    kind = P + slug if slug else "about:blank"
    body = {"type": kind, "title": title, "status": status, "detail": detail}
    return (status, "application/problem+json", body | more)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "domain",
            _body(
                422,
                "domain-rule",
                "The request breaks a rule",
                "a closed dispute cannot be closed again",
                instance="/raise/domain",
                errors=[
                    {
                        "field": "outcome",
                        "message": "a closed dispute cannot be closed again",
                    }
                ],
            ),
        ),
        (
            "not-found",
            _body(
                404,
                "not-found",
                "Not found",
                "no person p-1 in this office",
                instance="/raise/not-found",
            ),
        ),
        (
            "conflict",
            _body(
                409,
                "conflict",
                "Conflicts with an existing record",
                "ID number is already registered",
                instance="/raise/conflict",
                errors=[
                    {"field": "id_number", "message": "ID number is already registered"}
                ],
            ),
        ),
        (
            "concurrency",
            _body(
                409,
                "concurrent-change",
                "Changed at the same moment",
                "someone changed the record at the same moment: try again",
                instance="/raise/concurrency",
            ),
        ),
        (
            "stream",
            _body(
                404,
                "not-found",
                "Not found",
                "no record dispute-d1",
                instance="/raise/stream",
            ),
        ),
        (
            "unknown-event",
            _body(
                422,
                "unknown-event-type",
                "Unknown event type",
                "unknown event type DisputeReopened v2",
                instance="/raise/unknown-event",
            ),
        ),
        (
            "schema",
            _body(
                422,
                "event-schema",
                "Event schema violated",
                "DisputeOpened payload does not match its schema: office",
                instance="/raise/schema",
                errors=[{"field": "office", "message": "not an office code"}],
            ),
        ),
        (
            "denied",
            _body(
                403,
                "access-denied",
                "Access denied",
                "office 441900102001 is outside the subtree",
                instance="/raise/denied",
            ),
        ),
        (
            "problem",
            _body(
                429,
                "export-limit",
                "Too many exports",
                "wait a minute",
                instance="/raise/problem",
            ),
        ),
    ],
)
def test_each_error_becomes_its_problem(
    client: TestClient, name: str, expected: Any
) -> None:
    assert _call(client, name) == expected


def test_a_stale_if_match_is_412_not_409(client: TestClient) -> None:
    assert _call(client, "concurrency", **{"If-Match": '"3"'}) == _body(
        412,
        "stale-if-match",
        "Changed since you read it",
        "the record is at version 4, not 3: read it again and retry",
        instance="/raise/concurrency",
    )


def test_not_authenticated_is_401_with_a_bearer_challenge(client: TestClient) -> None:
    response = client.get("/raise/unauthenticated")

    assert (response.headers["www-authenticate"], response.json()) == (
        "Bearer",
        {
            "type": P + "not-authenticated",
            "title": "Not authenticated",
            "status": 401,
            "detail": "token has expired",
            "instance": "/raise/unauthenticated",
        },
    )


def test_an_unexpected_error_is_a_bare_500_and_is_logged(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="shequ.webapi"):
        answer = _call(client, "crash")

    assert (answer, [r.getMessage() for r in caplog.records]) == (
        _body(
            500,
            None,
            "Internal server error",
            "An unexpected error occurred; it has been logged.",
            instance="/raise/crash",
        ),
        ["unhandled error on GET /raise/crash"],
    )


@pytest.mark.parametrize(
    "lost",
    [
        ConnectionRefusedError(111, "Connection refused"),
        asyncpg.ConnectionDoesNotExistError("connection was closed"),
        asyncpg.AdminShutdownError("terminating connection"),
        asyncpg.TargetServerAttributeNotMatched("None of the hosts match"),
    ],
)
def test_a_database_out_of_reach_is_503_with_retry_after(
    lost: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/persons")
    async def register() -> None:
        raise lost

    client = TestClient(app, headers={"Accept-Language": "en"})
    with caplog.at_level(logging.WARNING, logger="shequ.webapi"):
        # The client re-raises what reaches the server unhandled: nothing does.
        response = client.post("/persons")

    assert response.headers["retry-after"] == "1"
    assert (
        response.status_code,
        response.headers["content-type"],
        response.json(),
    ) == _body(
        503,
        "database-unavailable",
        "Database unavailable",
        "The database cannot be reached for a moment; retry the request with the "
        "same Idempotency-Key.",
        instance="/persons",
    )
    assert [r.levelname for r in caplog.records] == ["WARNING"]


def test_a_file_that_cannot_be_read_is_a_500_not_a_database_outage(
    client: TestClient,
) -> None:
    assert _call(client, "missing-file")[0] == 500


def test_a_validation_error_lists_each_field_at_fault(client: TestClient) -> None:
    response = client.post("/visits?limit=many", json={"minutes": "long"})

    assert (response.status_code, response.json()) == (
        422,
        {
            "type": P + "invalid-request",
            "title": "Invalid request",
            "status": 422,
            "detail": "invalid: query.limit, body.person_id, body.minutes",
            "instance": "/visits",
            "errors": [
                {"field": "query.limit", "message": "must be a whole number"},
                {"field": "body.person_id", "message": "is required"},
                {"field": "body.minutes", "message": "must be a whole number"},
            ],
        },
    )


def test_an_unknown_route_is_a_plain_404_problem(client: TestClient) -> None:
    response = client.get("/nowhere")

    assert (
        response.status_code,
        response.headers["content-type"],
        response.json(),
    ) == (
        404,
        "application/problem+json",
        {
            "type": "about:blank",
            "title": "Not found",
            "status": 404,
            "instance": "/nowhere",
        },
    )


def test_a_wrong_method_keeps_the_allow_header(client: TestClient) -> None:
    response = client.delete("/visits")

    assert (response.status_code, response.headers["allow"], response.json()) == (
        405,
        "POST",
        {
            "type": "about:blank",
            "title": "Method not allowed",
            "status": 405,
            "instance": "/visits",
        },
    )


def test_a_problem_is_chinese_unless_english_is_asked_for(client: TestClient) -> None:
    def answer(accept: str) -> tuple[str, str, str]:
        response = client.get("/raise/concurrency", headers={"Accept-Language": accept})
        body = response.json()
        return response.headers["content-language"], body["title"], body["detail"]

    chinese = ("zh-CN", "同时被修改", "有人同时修改了该记录：请重试")
    english = (
        "en",
        "Changed at the same moment",
        "someone changed the record at the same moment: try again",
    )
    assert [
        answer(""),
        answer("*"),
        answer("fr-FR"),
        answer("zh-CN,zh;q=0.9,en;q=0.8"),
        answer("en-US,en;q=0.9"),
        answer("zh;q=0.4, en"),
    ] == [chinese, chinese, chinese, chinese, english, english]


def test_a_field_at_fault_is_named_and_explained_in_chinese(client: TestClient) -> None:
    response = client.post(
        "/visits?limit=many", json={"minutes": "long"}, headers={"Accept-Language": ""}
    )

    assert response.json()["errors"] == [
        {"field": "query.limit", "message": "应为整数"},
        {"field": "body.person_id", "message": "必填"},
        {"field": "body.minutes", "message": "应为整数"},
    ]


def test_an_office_in_a_refusal_is_shown_with_its_name() -> None:
    app = FastAPI()
    install_problem_handlers(app)

    async def names(codes: list[str]) -> dict[str, str]:
        return {"441900102001": "东向社区", "441900101000": "东城街道"}

    app.state.office_names = names

    @app.get("/denied")
    async def denied() -> None:
        raise AccessDenied(
            N_("office {office} is outside the subtree of office {actor_office}"),
            office="441900102001",
            actor_office="441900101000",
        )

    client = TestClient(app)
    chinese = client.get("/denied", headers={"Accept-Language": "zh-CN"}).json()
    english = client.get("/denied", headers={"Accept-Language": "en"}).json()

    assert (chinese["detail"], english["detail"]) == (
        "东向社区（441900102001）不在东城街道（441900101000）的管辖范围内",
        "office 东向社区 (441900102001) is outside the subtree of office"
        " 东城街道 (441900101000)",
    )


def test_an_office_in_a_not_found_answer_keeps_its_bare_code() -> None:
    app = FastAPI()
    install_problem_handlers(app)

    async def names(codes: list[str]) -> dict[str, str]:
        return {"441900102001": "东向社区"}

    app.state.office_names = names

    @app.get("/unknown")
    async def unknown() -> None:
        raise NotFound(N_("no office {office}"), office="441900102001")

    body = TestClient(app).get("/unknown", headers={"Accept-Language": "en"}).json()

    assert body["detail"] == "no office 441900102001"


def test_a_rule_of_ours_in_a_validator_is_shown_in_the_readers_language() -> None:
    app = FastAPI()
    install_problem_handlers(app)

    def one_line(value: str) -> str:
        if "\n" in value:  # any marked text will do: this one is webapi's
            raise marked_error("one_line", N_("is not in the expected form"))
        return value

    class Note(BaseModel):
        text: Annotated[str, AfterValidator(one_line)]

    @app.post("/notes")
    async def note(body: Note) -> Note:
        return body

    client = TestClient(app)
    answers = [
        client.post("/notes", json={"text": "a\nb"}, headers={"Accept-Language": lang})
        for lang in ("zh-CN", "en")
    ]

    assert [a.json()["errors"] for a in answers] == [
        [{"field": "body.text", "message": "格式不正确"}],
        [{"field": "body.text", "message": "is not in the expected form"}],
    ]
