"""The one address of ``make run`` (_proxy.py) and the supervisor's kept signing key."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from cryptography.hazmat.primitives import serialization
from starlette.types import Message, Receive, Scope, Send

from shequ.devinfra._process import free_port
from shequ.service._proxy import Backend, Proxy
from shequ.service._signing import signing_key
from shequ.service.worker import QuietServer


def _client(proxy: Proxy) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=proxy, client=("203.0.113.7", 5000)),
        base_url="http://shequ.test",
    )


async def test_a_service_not_up_answers_503_problem_with_retry_after() -> None:
    backend = Backend("registry", free_port(), state="restarting", retry_after=4.2)
    backend.detail = "registry stopped (exit code -9) and is restarting"
    async with _client(Proxy({"registry": backend})) as http:
        answer = await http.get("/api/v1/registry/health/ready")

    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["retry-after"] == "5"
    assert "exit code -9" in answer.json()["detail"]


async def test_a_service_that_does_not_answer_is_503_not_an_error() -> None:
    backend = Backend("registry", free_port(), state="up")  # nothing listens there
    async with _client(Proxy({"registry": backend})) as http:
        answer = await http.get("/api/v1/registry/health/ready")

    assert (answer.status_code, answer.headers["content-type"]) == (
        503,
        "application/problem+json",
    )
    assert answer.json()["title"] == "服务暂不可用"  # Chinese unless asked otherwise


async def test_unknown_paths_are_404_problems_and_the_index_links_the_docs() -> None:
    backends = {
        "registry": Backend("registry", 1, state="up", description="人员 & staff"),
        "employment": Backend("employment", 2),
    }
    async with _client(Proxy(backends, console=False)) as http:
        index = await http.get("/")
        unknown = [
            (await http.get(path)).status_code
            for path in ("/api/v1/nowhere/x", "/api/v2/registry/x", "/favicon.ico")
        ]
        problem = await http.get("/api/v1/nowhere/x")
        english = await http.get("/api/v1/nowhere/x", headers={"Accept-Language": "en"})

    assert index.status_code == 200
    assert '<a href="/api/v1/registry/docs">API docs</a>' in index.text
    assert "人员 &amp; staff" in index.text
    assert "(starting)" in index.text  # employment is not up yet
    assert unknown == [404, 404, 404]
    assert problem.headers["content-type"] == "application/problem+json"
    assert problem.json()["status"] == 404
    assert (problem.json()["detail"], english.json()["detail"]) == (
        "/api/v1/nowhere/x 处没有内容；各服务列在 /services",
        "nothing at /api/v1/nowhere/x; the services are listed at /services",
    )


async def _echo(scope: Scope, receive: Receive, send: Send) -> None:
    """A service that tells what it was sent, in two chunks and with odd headers."""
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    seen = {
        "method": scope["method"],
        "path": scope["raw_path"].decode(),
        "query": scope["query_string"].decode(),
        "client": scope["client"][0],
        "headers": {k.decode(): v.decode() for k, v in scope["headers"]},
        "body": body.decode(),
    }
    await send(
        {
            "type": "http.response.start",
            "status": 207,
            "headers": [
                (b"content-type", b"application/json"),
                (b"set-cookie", b"a=1"),
                (b"set-cookie", b"b=2"),
                (b"connection", b"x-private"),
                (b"x-private", b"for the proxy only"),
                (b"etag", b'"3"'),
            ],
        }
    )
    text = json.dumps(seen).encode()
    await send({"type": "http.response.body", "body": text[:10], "more_body": True})
    await send({"type": "http.response.body", "body": text[10:]})


@pytest.fixture
async def echo_port() -> AsyncIterator[int]:
    port = free_port()
    server = QuietServer(
        uvicorn.Config(
            _echo,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_level="warning",
            proxy_headers=True,
            forwarded_allow_ips="127.0.0.1",
        )
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    yield port
    server.should_exit = True
    await task


async def test_requests_and_answers_pass_whole_without_hop_by_hop_headers(
    echo_port: int,
) -> None:
    proxy = Proxy({"registry": Backend("registry", echo_port, state="up")})
    try:
        async with _client(proxy) as http:
            answer = await http.post(
                "/api/v1/registry/persons%2Fx?q=%E4%BA%BA&n=1",
                content=b'{"name": "\xe7\x8e\x8b"}',
                headers={
                    "Authorization": "Bearer t",
                    "Idempotency-Key": "k-1",
                    "Connection": "keep-alive, x-secret",
                    "X-Secret": "hop",
                    "Keep-Alive": "timeout=5",
                    "X-Forwarded-For": "10.0.0.1",  # a client's claim: replaced
                },
            )
    finally:
        await proxy.aclose()
    seen = answer.json()

    assert answer.status_code == 207
    assert answer.headers.get_list("set-cookie") == ["a=1", "b=2"]
    assert answer.headers["etag"] == '"3"'
    assert "x-private" not in answer.headers
    assert (seen["method"], seen["path"], seen["query"]) == (
        "POST",
        "/api/v1/registry/persons%2Fx",
        "q=%E4%BA%BA&n=1",
    )
    assert seen["body"] == '{"name": "王"}'
    assert seen["client"] == "203.0.113.7"  # the real client, through the proxy
    headers = seen["headers"]
    assert (headers["authorization"], headers["idempotency-key"]) == ("Bearer t", "k-1")
    assert "x-secret" not in headers
    assert "keep-alive" not in headers
    assert headers["x-forwarded-for"] == "203.0.113.7"
    assert headers["host"] == "shequ.test"


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A console build as Vite writes it: index.html, hashed assets, a public file."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>社区工作平台</title><script src="/assets/index-AbC1.js">'
    )
    (tmp_path / "assets" / "index-AbC1.js").write_text("console.log('工作台');" * 200)
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path.parent / "secret.txt").write_text("outside the build")
    return tmp_path


async def test_the_console_is_at_every_page_path_and_the_services_at_services(
    dist: Path,
) -> None:
    backends = {"registry": Backend("registry", 1, state="up")}
    async with _client(Proxy(backends, console=dist)) as http:
        pages = [
            await http.get(path)
            for path in ("/", "/workbench", "/persons/person-1", "/ledgers/unemployed")
        ]
        services = await http.get("/services")
        missing = [
            (await http.get(path)).status_code
            for path in ("/favicon.ico", "/assets/gone-123.js", "/api/v1/nowhere/x")
        ]
        posted = await http.post("/workbench")

    assert {(p.status_code, p.headers["content-type"]) for p in pages} == {
        (200, "text/html; charset=utf-8")
    }
    assert {p.text for p in pages} == {(dist / "index.html").read_text()}
    assert '<a href="/api/v1/registry/docs">API docs</a>' in services.text
    assert missing == [404, 404, 404]
    assert posted.status_code == 404


async def test_hashed_assets_are_kept_a_year_and_pages_revalidated_by_etag(
    dist: Path,
) -> None:
    async with _client(Proxy({}, console=dist)) as http:
        asset = await http.get("/assets/index-AbC1.js")
        page = await http.get("/persons")
        again = await http.get(
            "/persons", headers={"If-None-Match": page.headers["etag"]}
        )
        plain = await http.get("/favicon.svg", headers={"Accept-Encoding": "identity"})
        head = await http.head("/assets/index-AbC1.js")

    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert asset.headers["content-type"].startswith("text/javascript")
    assert asset.headers["content-encoding"] == "gzip"  # httpx asked for it
    assert int(asset.headers["content-length"]) < len(asset.content) / 10
    assert asset.text == (dist / "assets" / "index-AbC1.js").read_text()
    assert page.headers["cache-control"] == "no-cache"
    assert (again.status_code, again.content) == (304, b"")
    assert "content-encoding" not in plain.headers
    assert plain.content == b"<svg/>"
    assert (head.status_code, head.content) == (200, b"")


async def test_no_path_reaches_a_file_outside_the_build(dist: Path) -> None:
    proxy = Proxy({}, console=dist)
    answers = []
    for path in ("/../secret.txt", "/assets/../../secret.txt", "//etc/passwd"):
        sent: list[Message] = []

        async def receive() -> Message:
            return {"type": "http.request", "body": b""}

        async def keep(message: Message, into: list[Message] = sent) -> None:
            into.append(message)

        scope: Scope = {"type": "http", "method": "GET", "path": path, "headers": []}
        await proxy(scope, receive, keep)
        answers.append((sent[0]["status"], sent[1]["body"]))

    assert answers[:2] == [(404, answers[0][1]), (404, answers[1][1])]
    assert b"outside the build" not in answers[0][1] + answers[1][1]
    # An absolute path is a path inside the build: no file there, so a page.
    assert answers[2] == (200, (dist / "index.html").read_bytes())


def test_the_signing_key_is_made_once_kept_private_and_named_by_its_public_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SHEQU_TOKEN_PRIVATE_KEY", raising=False)
    monkeypatch.delenv("SHEQU_TOKEN_PUBLIC_KEY", raising=False)
    folder = tmp_path / ".run" / "keys"

    first = signing_key(folder)
    again = signing_key(folder)

    public = serialization.load_pem_public_key(first.public.encode())
    raw = public.public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    assert again == first
    assert first.key_id == hashlib.sha256(raw).hexdigest()[:16]
    assert oct((folder / "token-private.pem").stat().st_mode & 0o777) == "0o600"
    assert oct(folder.stat().st_mode & 0o777) == "0o700"

    monkeypatch.setenv("SHEQU_TOKEN_PRIVATE_KEY", "given private")
    monkeypatch.setenv("SHEQU_TOKEN_PUBLIC_KEY", first.public)
    given = signing_key(tmp_path / "elsewhere")
    assert (given.private, given.kept_in) == ("given private", None)
    assert not (tmp_path / "elsewhere").exists()
