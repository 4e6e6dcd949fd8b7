"""How many copies JetStream keeps of a stream: ``SHEQU_NATS_REPLICAS`` reaches it.

deploy/ runs a JetStream cluster of 3 with every stream R3; a single server (``make
run``, compose.yaml) keeps R1 and refuses more, which is how a test on one server sees
that the setting reaches the stream's creation.
"""

from __future__ import annotations

import pytest
from nats.aio.client import Client as NatsClient
from nats.js.errors import APIError

from shequ.eventstore import EventStore
from shequ.messaging import ProjectionRunner, Relay, stream_name
from shequ.testing.sample import notes_projection


async def test_a_stream_is_made_with_one_copy_by_default(relay: Relay) -> None:
    info = await relay.js.stream_info(stream_name(relay.service))
    assert info.config.num_replicas == 1


async def test_the_relay_asks_for_the_copies_it_is_given(
    store: EventStore, nats_client: NatsClient
) -> None:
    relay = Relay(store, nats_client, replicas=3)
    with pytest.raises(APIError) as refused:
        await relay.ensure_stream()
    # A lone server cannot keep three copies: it was asked to.
    assert "replicas" in str(refused.value).lower()


async def test_a_consumer_creating_its_source_asks_for_the_same_copies(
    store: EventStore, nats_client: NatsClient, service: str
) -> None:
    projection = notes_projection(service)
    runner = ProjectionRunner(store.pool, projection, nats_client, replicas=3)
    with pytest.raises(APIError) as refused:
        await runner.prepare()
    assert "replicas" in str(refused.value).lower()
