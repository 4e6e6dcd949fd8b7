import atexit
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest

from shequ.devinfra import EmbeddedNats
from shequ.devinfra._process import process_alive

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


@pytest.fixture
def store() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="shequ-test-nats-", dir="/tmp"))
    yield folder / "nats"
    shutil.rmtree(folder, ignore_errors=True)


async def test_a_kept_store_outlives_the_server_and_a_left_server_is_stopped(
    store: Path,
) -> None:
    left = EmbeddedNats(store).start()
    atexit.unregister(left.close)  # as a run killed before it could stop it
    left_pid = left.pid
    await _publish(left.url)

    with EmbeddedNats(store) as server:
        first = await _first_message(server.url)
        old_alive = process_alive(left_pid)
    left.stop()  # only lets go of the process object

    assert (first, old_alive) == (("orders.1", b"placed"), False)
    assert (store / "jetstream").is_dir()
