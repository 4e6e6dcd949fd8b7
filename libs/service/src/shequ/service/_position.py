"""The ``Shequ-Position`` response header: where a command's events landed.

``<service>:<transaction id>.<position>`` names the place of the request's last event
in its service's global order. A reader fed by that service's stream (reporting) given
this value waits until it has applied that place, so a user reads their own write.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shequ.eventstore import last_written, recording_writes

HEADER = "Shequ-Position"


def format_position(service: str, place: tuple[int, int]) -> str:
    return f"{service}:{place[0]}.{place[1]}"


def parse_position(text: str) -> tuple[str, tuple[int, int]]:
    """``service:txid.position`` as (service, (txid, position)); ValueError if not."""
    service, _, place = text.partition(":")
    transaction_id, _, position = place.partition(".")
    if not service or not transaction_id.isdigit() or not position.isdigit():
        raise ValueError(f"not a position: {text!r} (expected service:txid.position)")
    return service, (int(transaction_id), int(position))


class PositionHeader:
    """ASGI middleware adding :data:`HEADER` to responses of requests that appended."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app, self.service = app, service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with recording_writes() as written:

            async def send_with_position(message: Message) -> None:
                place = last_written(written)
                if message["type"] == "http.response.start" and place is not None:
                    headers = list(message.get("headers", []))
                    value = format_position(self.service, place)
                    headers.append((HEADER.lower().encode(), value.encode()))
                    message = {**message, "headers": headers}
                await send(message)

            await self.app(scope, receive, send_with_position)
