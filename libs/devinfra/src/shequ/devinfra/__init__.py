"""PostgreSQL and NATS servers (本地基础设施) from pip packages.

Used by ``make run`` (kept data, durable) and by the ``shequ.testing`` pytest plugin
(throwaway, fsync off): embedded servers need no Docker and no system packages;
containers are used only when an engine answers.
"""

from shequ.devinfra._docker import (
    docker_available,
    nats_container_url,
    postgres_container_dsn,
)
from shequ.devinfra._nats import EmbeddedNats
from shequ.devinfra._nats_cluster import NatsCluster, NatsNode
from shequ.devinfra._postgres import (
    EmbeddedPostgres,
    relocated_data_dir,
    remove_postgres_data,
    server_binaries,
)
from shequ.devinfra._process import EmbeddedServerError
from shequ.devinfra.servers import LocalInfra, start_local_infra

__all__ = [
    "EmbeddedNats",
    "EmbeddedPostgres",
    "EmbeddedServerError",
    "LocalInfra",
    "NatsCluster",
    "NatsNode",
    "docker_available",
    "nats_container_url",
    "postgres_container_dsn",
    "relocated_data_dir",
    "remove_postgres_data",
    "server_binaries",
    "start_local_infra",
]
