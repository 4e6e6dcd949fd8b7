"""One address for every service (``make run``): dispatch by ``/api/v1/<service>``.

Each service's app keeps its own lifespan; the gateway enters them all at start-up,
runs the ``after_start`` callback (demo data), and exits them in reverse on shutdown.
``/`` is a small index of the services with links to their API docs.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Awaitable, Callable, Mapping

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send


class Gateway:
    """An ASGI app that forwards ``/api/v1/<name>/...`` to that service's app."""

    def __init__(
        self,
        apps: Mapping[str, FastAPI],
        after_start: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.apps = dict(apps)
        self.after_start = after_start

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        parts = scope.get("path", "/").split("/")
        if len(parts) > 3 and parts[1:3] == ["api", "v1"] and parts[3] in self.apps:
            await self.apps[parts[3]](scope, receive, send)
        elif scope["type"] == "http" and scope["path"] == "/":
            await _respond(send, 200, "text/html; charset=utf-8", self._index())
        elif scope["type"] == "http":
            body = b'{"type":"about:blank","title":"Not Found","status":404}'
            await _respond(send, 404, "application/problem+json", body)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        async with contextlib.AsyncExitStack() as stack:
            await receive()  # lifespan.startup
            try:
                for app in self.apps.values():
                    await stack.enter_async_context(app.router.lifespan_context(app))
                if self.after_start is not None:
                    await self.after_start()
            except Exception as error:
                await send({"type": "lifespan.startup.failed", "message": repr(error)})
                raise
            await send({"type": "lifespan.startup.complete"})
            await receive()  # lifespan.shutdown
        await send({"type": "lifespan.shutdown.complete"})

    def _index(self) -> bytes:
        rows = (
            "".join(
                f"<li><b>{html.escape(name)}</b> — {html.escape(app.description)} "
                f'<a href="/api/v1/{name}/docs">API docs</a> · '
                f'<a href="/api/v1/{name}/health/ready">health</a></li>'
                for name, app in self.apps.items()
            )
            or "<li>No services are installed yet.</li>"
        )
        page = (
            "<!doctype html><meta charset=utf-8><title>shequ 社区</title>"
            "<h1>shequ 社区 — community ledgers</h1><ul>" + rows + "</ul>"
        )
        return page.encode()


async def _respond(send: Send, status: int, content_type: str, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
