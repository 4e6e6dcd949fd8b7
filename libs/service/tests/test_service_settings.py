"""Settings a deployment gives a service through its environment."""

from __future__ import annotations

import pytest

from shequ.service import ServiceSettings


def test_stream_copies_are_one_unless_the_deployment_says_three(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SHEQU_NATS_REPLICAS", raising=False)
    assert ServiceSettings().nats_replicas == 1
    monkeypatch.setenv("SHEQU_NATS_REPLICAS", "3")
    assert ServiceSettings().nats_replicas == 3


def test_a_cluster_is_named_by_its_nodes_urls_comma_separated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHEQU_NATS_URL", "nats://a:4222, nats://b:4222,nats://c:4222")
    # nats-py reads a string as one URL: it is given the list.
    assert ServiceSettings().nats_servers == [
        "nats://a:4222",
        "nats://b:4222",
        "nats://c:4222",
    ]
    monkeypatch.setenv("SHEQU_NATS_URL", "nats://127.0.0.1:4222")
    assert ServiceSettings().nats_servers == ["nats://127.0.0.1:4222"]
