"""A NATS cluster of three on loopback: one meta leader, R3 streams, a node killed."""

import nats
import pytest

from shequ.devinfra import NatsCluster
from shequ.devinfra._process import process_alive

# These tests start embedded servers themselves.
pytestmark = pytest.mark.servers


async def test_three_nodes_keep_an_r3_stream_and_close_by_pid() -> None:
    with NatsCluster(3) as cluster:
        pids = [node.pid for node in cluster.nodes]
        leaders = {node.meta_leader() for node in cluster.nodes}
        client = await nats.connect(cluster.urls)
        try:
            js = client.jetstream()
            await js.add_stream(name="ORDERS", subjects=["orders.>"], num_replicas=3)
            await js.publish("orders.1", b"placed")
            info = await js.stream_info("ORDERS")
        finally:
            await client.close()
        killed = cluster.kill(cluster.nodes[0].name)
        alive_after_kill = process_alive(killed)

    assert len(leaders) == 1
    assert None not in leaders
    assert info.cluster is not None
    assert len(info.cluster.replicas or []) == 2  # and the leader: three copies
    assert cluster.url == ",".join(cluster.urls)
    assert not alive_after_kill
    assert not any(process_alive(pid) for pid in pids)
