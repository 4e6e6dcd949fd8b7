import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from shequ.devinfra import docker_available


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    docker_available.cache_clear()
    yield
    docker_available.cache_clear()


@pytest.mark.skipif(
    Path("/var/run/docker.sock").exists(),
    reason="measures detecting that no Docker engine answers; this machine has one",
)
@pytest.mark.usefixtures("fresh_cache")
def test_docker_available_says_no_at_once_without_an_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    started = time.perf_counter()

    answer = docker_available()

    assert (answer, time.perf_counter() - started < 0.5) == (False, True)
