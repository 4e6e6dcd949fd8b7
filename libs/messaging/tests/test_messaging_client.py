"""The services' NATS client reads every header as nats-py's own parser would.

``shequ.messaging.connect`` swaps nats-py's per-line header parser for one that
decodes the block at once (``_client``); these tests hold it to the same answers,
over edge cases, random blocks, and messages and statuses from a real server.
"""

from __future__ import annotations

import asyncio
import random

import pytest
from nats.aio.client import Client
from nats.aio.msg import Msg

from shequ.messaging._client import ShequNatsClient, parse_header_lines

EDGES = [
    b"",
    b"\r\n",
    b"Nats-Msg-Id: 0193f1c2-5c1e-7b7a-9f3e\r\nShequ-Transaction-Continues: 1\r\n\r\n",
    b"traceparent:00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n",
    b"Name:\tvalue with spaces  \r\n",
    b"Name: a: b: c\r\n",  # a colon in the value
    b"no colon here\r\nName: kept\r\n",
    b"  Padded  : value\r\n",  # the name is stripped
    b"In side: refused\r\n",  # whitespace inside a name
    b"\x1cName: refused\r\n",  # str.strip() would take \x1c; bytes.strip() keeps it
    b": empty name\r\n",
    b"Name\xff: refused\r\n",  # malformed UTF-8 in a name
    "名字: refused\r\n".encode(),  # not ASCII
    "Office: 莞城街道\r\n".encode(),
    b"Broken: \xe4\xb8\r\nNext: kept\r\n",  # a cut UTF-8 sequence before a line break
    "Space: value\u00a0\r\n".encode(),  # NBSP ends the value: kept
    b"Name: first\r\nName: second\r\n",  # the last wins
    b"Lone\rcarriage: and\nnewline\r\n",
]


@pytest.mark.parametrize("raw", EDGES)
def test_a_header_block_parses_as_nats_py_parses_it(raw: bytes) -> None:
    assert parse_header_lines(raw) == Client._parse_header_lines(raw)


def test_random_header_blocks_parse_as_nats_py_parses_them() -> None:
    pieces = [b"a", b"B", b"-", b":", b" ", b"\t", b"\r\n", b"\r", b"\n", b"\x1c"]
    pieces += [b"\xff", b"\xe4\xb8\xad", b"\xe4\xb8", b"\xc2\xa0", b"\x0b", b"\x00"]
    draw = random.Random(20261207)
    for _ in range(20_000):
        raw = b"".join(draw.choice(pieces) for _ in range(draw.randint(0, 30)))
        assert parse_header_lines(raw) == Client._parse_header_lines(raw), raw


async def test_headers_and_statuses_from_the_server_arrive_as_sent(
    nats_client: Client, unique_name: str
) -> None:
    assert isinstance(nats_client, ShequNatsClient)  # connected as the services are
    sent = {
        "Nats-Msg-Id": "0193f1c2-5c1e-7b7a-9f3e-2a4b6c8d0e1f",
        "Shequ-Transaction-Continues": "1",
        "Office": "莞城街道",
    }
    got: asyncio.Queue[Msg] = asyncio.Queue()

    async def received(message: Msg) -> None:
        await got.put(message)

    subject = f"test.{unique_name}.headers"
    await nats_client.subscribe(subject, cb=received)
    await nats_client.publish(subject, b"body", headers=sent)
    message = await asyncio.wait_for(got.get(), 5)
    assert (message.data, message.headers) == (b"body", sent)

    # A pull request on a consumer with nothing to deliver ends with a status,
    # which the catch-up reads to know a request is done (_runner._Pulls.ended).
    js = nats_client.jetstream()
    stream = f"TEST_{unique_name.upper()}"
    await js.add_stream(name=stream, subjects=[f"test.{unique_name}.stream"])
    consumer = await js.add_consumer(stream)
    inbox = nats_client.new_inbox()
    await nats_client.subscribe(inbox, cb=received)
    await nats_client.publish(
        f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{consumer.name}",
        b'{"batch": 1, "no_wait": true}',
        reply=inbox,
    )
    status = await asyncio.wait_for(got.get(), 5)
    assert status.headers is not None
    assert status.headers["Status"] == "404"
    assert status.headers["Description"] == "No Messages"
