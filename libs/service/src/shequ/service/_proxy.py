"""The one address of ``make run``: a small reverse proxy in front of the services.

Each service runs in its own process on a port of its own (worker.py); the supervisor
serves this ASGI app on ``SHEQU_HOST:SHEQU_PORT`` and keeps :class:`Backend` up to
date. ``/api/v1/<name>/...`` is streamed to that service (httpx; hop-by-hop headers
stripped both ways; status, headers and body kept as they are, compressed or not);
``X-Forwarded-For`` is set to the real client, which the workers trust from
127.0.0.1 only, so a client cannot claim another address (sign-in throttling counts
per client address). A service that is down or restarting answers 503 problem+json
with ``Retry-After``.

Every other GET is the web console (console/, built into ``console/dist`` by ``make
run``): a file of the build is served as it is (hashed ``/assets/`` cached for a year,
everything else revalidated by ETag; text gzipped when the client takes it), and any
other path without a file extension is ``index.html``, so the console's own router
(history mode) shows the page on a reload or a bookmark. ``/services`` is an index of
the services with links to their API docs (also at ``/`` while no console is built);
anything else is 404 problem+json.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import math
import mimetypes
import os
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx
from starlette.types import Message, Receive, Scope, Send

from shequ.contracts.messages import N_
from shequ.i18n import TAGS, negotiate
from shequ.webapi import Problem

# RFC 9110 7.6.1: meaningful for one connection only, never forwarded.
HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"trailers",
        b"transfer-encoding",
        b"upgrade",
    }
)
# Set by the proxy itself (a client's claim is not passed on); Expect is answered by
# the proxy's own server, so the service never sees it.
_NOT_PASSED_ON = frozenset(
    {b"x-forwarded-for", b"x-forwarded-proto", b"x-forwarded-host", b"expect"}
)
PROBLEM = "application/problem+json"
# Vite names every file under assets/ by a hash of its content: cached for good.
_IMMUTABLE = b"public, max-age=31536000, immutable"
_TEXT = ("text/", "application/javascript", "application/json", "image/svg+xml")


def console_dist() -> Path | None:
    """The built console: ``SHEQU_CONSOLE_DIR``, else the repository's console/dist.

    The repository's is found from this file (libs/service is installed editable by
    the Makefile), so a ``shequ-dev run`` started in any folder serves it. None when
    nothing is built there: ``/`` is then the index of the services.
    """
    given = os.environ.get("SHEQU_CONSOLE_DIR")
    folder = (
        Path(given)
        if given
        else Path(__file__).resolve().parents[5] / "console" / "dist"
    )
    return folder if (folder / "index.html").is_file() else None


@dataclass(frozen=True)
class _File:
    body: bytes
    zipped: bytes | None  # gzip of a text file worth compressing
    content_type: str
    etag: bytes


class _Console:
    """The files of ``console/dist``, read once per change (size and mtime)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._read: dict[Path, tuple[tuple[int, int], _File]] = {}

    def find(self, path: str) -> _File | None:
        """The file at a URL path inside the build, never outside it (no ``..``)."""
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root) or not target.is_file():
            return None
        stat = target.stat()
        stamp = (stat.st_size, stat.st_mtime_ns)
        kept = self._read.get(target)
        if kept is None or kept[0] != stamp:
            body = target.read_bytes()
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind.startswith(_TEXT) and "charset" not in kind:
                kind += "; charset=utf-8"
            zipped = gzip.compress(body, 6, mtime=0) if kind.startswith(_TEXT) else None
            etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'.encode()
            kept = (stamp, _File(body, zipped, kind, etag))
            self._read[target] = kept
        return kept[1]

    def index(self) -> _File | None:
        return self.find("index.html")


@dataclass
class Backend:
    """One service as the proxy sees it; the supervisor changes ``state``."""

    name: str
    port: int
    state: str = "starting"  # starting | up | restarting | stopped
    description: str = ""
    detail: str = ""  # why it is not up, for the 503's detail
    retry_after: float = 1.0  # seconds, for the 503's Retry-After


def _without_hop_by_hop(
    headers: list[tuple[bytes, bytes]],
) -> list[tuple[bytes, bytes]]:
    named = {
        token.strip().lower()
        for name, value in headers
        if name.lower() == b"connection"
        for token in value.split(b",")
    }
    return [
        (name, value)
        for name, value in headers
        if name.lower() not in HOP_BY_HOP and name.lower() not in named
    ]


class Proxy:
    """ASGI app: route ``/api/v1/<name>/...`` to that backend's port on 127.0.0.1."""

    def __init__(
        self,
        backends: Mapping[str, Backend],
        title: str = "shequ 社区",
        console: Path | bool = True,
    ):
        """``console``: the built console's folder; True finds it, False serves none."""
        self.backends = backends
        self.title = title
        found = console_dist() if console is True else console or None
        self.console = _Console(found) if isinstance(found, Path) else None
        self._client: httpx.AsyncClient | None = None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(10.0, read=300.0, write=300.0),
                limits=httpx.Limits(max_connections=500, max_keepalive_connections=50),
                follow_redirects=False,
                trust_env=False,  # never through an HTTP_PROXY of the environment
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":  # no service speaks WebSocket
            await send({"type": "websocket.close", "code": 1000})
            return
        parts = scope["path"].split("/")
        if len(parts) > 3 and parts[1:3] == ["api", "v1"] and parts[3] in self.backends:
            await self._forward(self.backends[parts[3]], scope, receive, send)
            return
        path, reading = scope["path"], scope["method"] in ("GET", "HEAD")
        if reading and (path == "/services" or (path == "/" and not self.console)):
            await _respond(send, 200, "text/html; charset=utf-8", self._index())
        elif reading and parts[1] != "api" and (file := self._console_file(path)):
            await _send_file(scope, send, file, immutable=path.startswith("/assets/"))
        else:
            problem = Problem(
                404,
                detail=N_("nothing at {path}; the services are listed at /services"),
                params={"path": path},
            )
            await _problem(scope, send, problem)

    def _console_file(self, path: str) -> _File | None:
        """The build's file at ``path``; ``index.html`` for a page of the console.

        A path whose last part has an extension names a file (a missing one is 404,
        not a page), any other is a route of the console's history-mode router.
        """
        if self.console is None:
            return None
        found = self.console.find(path) if path != "/" else None
        if found is None and "." not in path.rsplit("/", 1)[-1]:
            found = self.console.index()
        return found

    async def _forward(
        self, backend: Backend, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if backend.state != "up":
            await self._unavailable(backend, scope, send)
            return
        headers = [
            (name, value)
            for name, value in _without_hop_by_hop(scope["headers"])
            if name.lower() not in _NOT_PASSED_ON
        ]
        client = scope.get("client")
        if client:
            headers.append((b"x-forwarded-for", client[0].encode()))
        headers.append((b"x-forwarded-proto", scope.get("scheme", "http").encode()))
        host = dict(scope["headers"]).get(b"host")
        if host:
            headers.append((b"x-forwarded-host", host))
        target = scope.get("raw_path") or scope["path"].encode()
        if scope.get("query_string"):
            target += b"?" + scope["query_string"]
        names = {name.lower() for name, _ in scope["headers"]}
        has_body = b"content-length" in names or b"transfer-encoding" in names
        request = self.client.build_request(
            scope["method"],
            httpx.URL(f"http://127.0.0.1:{backend.port}").copy_with(raw_path=target),
            headers=headers,
            content=_body(receive) if has_body else None,
        )
        try:
            response = await self.client.send(request, stream=True)
        except httpx.TransportError:
            # Died since the supervisor last looked: as down as it gets.
            detail = f"{backend.name} is not answering (it is being restarted)"
            await self._unavailable(backend, scope, send, detail)
            return
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status_code,
                    "headers": _without_hop_by_hop(list(response.headers.raw)),
                }
            )
            async for chunk in response.aiter_raw():
                await send(
                    {"type": "http.response.body", "body": chunk, "more_body": True}
                )
            await send({"type": "http.response.body", "body": b""})
        finally:
            await response.aclose()

    async def _unavailable(
        self, backend: Backend, scope: Scope, send: Send, detail: str | None = None
    ) -> None:
        problem = Problem(
            503,
            detail=N_("{service} is not available just now ({why}); try again shortly"),
            params={
                "service": backend.name,
                "why": detail or backend.detail or backend.state,
            },
            headers={"Retry-After": str(max(1, math.ceil(backend.retry_after)))},
        )
        await _problem(scope, send, problem)

    def _index(self) -> bytes:
        rows = (
            "".join(
                f"<li><b>{html.escape(b.name)}</b> — {html.escape(b.description)} "
                f'<a href="/api/v1/{b.name}/docs">API docs</a> · '
                f'<a href="/api/v1/{b.name}/health/ready">health</a>'
                + ("" if b.state == "up" else f" <i>({html.escape(b.state)})</i>")
                + "</li>"
                for b in self.backends.values()
            )
            or "<li>No services are installed yet.</li>"
        )
        page = (
            f"<!doctype html><meta charset=utf-8><title>{html.escape(self.title)}"
            "</title><h1>shequ 社区 — community ledgers</h1><ul>" + rows + "</ul>"
        )
        return page.encode()


async def _send_file(scope: Scope, send: Send, file: _File, *, immutable: bool) -> None:
    request = dict(scope["headers"])
    headers = [
        (b"content-type", file.content_type.encode()),
        (b"etag", file.etag),
        # index.html names the current assets: asked again each time (a 304 if same).
        (b"cache-control", _IMMUTABLE if immutable else b"no-cache"),
        (b"vary", b"accept-encoding"),
    ]
    if request.get(b"if-none-match") == file.etag:
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    body = file.body
    if file.zipped is not None and b"gzip" in request.get(b"accept-encoding", b""):
        body = file.zipped
        headers.append((b"content-encoding", b"gzip"))
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    head = scope["method"] == "HEAD"
    await send({"type": "http.response.body", "body": b"" if head else body})


async def _body(receive: Receive) -> AsyncIterator[bytes]:
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            return
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _problem(scope: Scope, send: Send, problem: Problem) -> None:
    """``problem`` in the language the request prefers (Chinese by default)."""
    accept = dict(scope["headers"]).get(b"accept-language", b"").decode("latin-1")
    language = negotiate(accept)
    body = json.dumps(problem.body(scope["path"], language), ensure_ascii=False)
    extra = [(k.lower().encode(), v.encode()) for k, v in problem.headers.items()]
    extra.append((b"content-language", TAGS[language].encode()))
    await _respond(send, problem.status, PROBLEM, body.encode(), extra)


async def _respond(
    send: Send,
    status: int,
    content_type: str,
    body: bytes,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
                *(extra or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
