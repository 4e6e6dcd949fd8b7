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
