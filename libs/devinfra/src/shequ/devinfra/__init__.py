"""Throwaway PostgreSQL and NATS servers (临时基础设施) from pip packages.

Used by ``make run`` and by the ``shequ.testing`` pytest plugin: embedded servers need
no Docker and no system packages; containers are used only when an engine answers.
"""

from shequ.devinfra._docker import (
    docker_available,
    nats_container_url,
    postgres_container_dsn,
)
from shequ.devinfra._nats import EmbeddedNats
from shequ.devinfra._postgres import EmbeddedPostgres
from shequ.devinfra._process import EmbeddedServerError
from shequ.devinfra.servers import LocalInfra, start_local_infra

__all__ = [
    "EmbeddedNats",
    "EmbeddedPostgres",
    "EmbeddedServerError",
    "LocalInfra",
    "docker_available",
    "nats_container_url",
    "postgres_container_dsn",
    "start_local_infra",
]
