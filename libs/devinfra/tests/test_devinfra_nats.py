import socket

import nats
import pytest

from shequ.devinfra import EmbeddedNats

# These tests start embedded servers themselves.
pytestmark = pytest.mark.servers


async def _publish(url: str) -> None:
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        await js.add_stream(name="ORDERS", subjects=["orders.>"])
        await js.publish("orders.1", b"placed")
    finally:
        await client.close()


async def _first_message(url: str) -> tuple[str | None, bytes | None]:
    client = await nats.connect(url)
    try:
        message = await client.jetstream().get_msg("ORDERS", 1)
        return message.subject, message.data
    finally:
        await client.close()


async def test_stored_messages_survive_a_restart_on_the_same_port() -> None:
    with EmbeddedNats() as server:
        url = server.url
        await _publish(url)

        server.stop()
        server.start()

        assert server.url == url
        assert await _first_message(url) == ("orders.1", b"placed")


def test_a_stopped_server_refuses_connections() -> None:
    with EmbeddedNats() as server:
        port = int(server.url.rpartition(":")[2])
        server.stop()

        with socket.socket() as probe:
            refused = probe.connect_ex(("127.0.0.1", port)) != 0

        assert (server.running, refused) == (False, True)
