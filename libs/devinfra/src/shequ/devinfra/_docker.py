"""Docker detection and testcontainers helpers (容器), used only when an engine answers.

testcontainers imports docker, which is slow and warns on import, so both are imported
inside the functions that need them, never at module import.
"""

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager


@functools.lru_cache(maxsize=1)
def docker_available(timeout: float = 1.0) -> bool:
    """Return whether a Docker engine answers a ping; cached for the process.

    Without DOCKER_HOST and without the default socket this answers at once, without
    importing docker (DEPENDENCY-NOTES, "Detecting a Docker engine").
    """
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if host.startswith("unix://") and not os.path.exists(host.removeprefix("unix://")):
        return False
    try:
        import docker  # noqa: PLC0415

        client = docker.from_env(timeout=timeout)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # any failure to reach the engine means "no Docker"
        return False


@contextmanager
def postgres_container_dsn(image: str = "postgres:18-alpine") -> Iterator[str]:
    """Run PostgreSQL in a container; yield a superuser DSN with trust auth."""
    from testcontainers.community.postgres import PostgresContainer  # noqa: PLC0415

    container = (
        PostgresContainer(image, username="postgres", dbname="postgres", driver=None)
        .with_env("POSTGRES_HOST_AUTH_METHOD", "trust")  # as the embedded server
        .with_command("-c fsync=off -c max_connections=200")
    )
    with container:
        yield container.get_connection_url()


@contextmanager
def nats_container_url(image: str = "nats:2.15") -> Iterator[str]:
    """Run nats-server with JetStream in a container; yield its client URL."""
    from testcontainers.community.nats import NatsContainer  # noqa: PLC0415

    with NatsContainer(image, jetstream=True) as container:
        yield container.nats_uri()
