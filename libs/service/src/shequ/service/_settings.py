"""Settings of a running service, from the environment (``SHEQU_*``) or given in code.

A service's own settings subclass this with its own prefix when it needs more; every
field has a default that works on a developer machine.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Where a service finds its database and NATS, and how it checks tokens."""

    model_config = SettingsConfigDict(env_prefix="SHEQU_", extra="ignore")

    database_url: str = "postgresql://postgres@127.0.0.1:5432/postgres"
    # The role the running service acts as (SET ROLE on every connection): created if
    # missing and granted all but changing events. Migrations run as the URL's user.
    # None: the URL's user does everything (the triggers still refuse changes).
    database_role: str | None = None
    nats_url: str = "nats://127.0.0.1:4222"
    # Copies JetStream keeps of each stream this service creates: 3 on the cluster of
    # deploy/ (a stream outlives a node), 1 on a single server (it refuses more).
    nats_replicas: int = Field(default=1, ge=1, le=5)
    token_public_key: str | None = None
    token_private_key: str | None = None
    otlp_endpoint: str | None = None
    # The share of new traces recorded when spans are exported (a child follows its
    # parent). With no exporter nothing is recorded, whatever this says.
    trace_sample_ratio: float = Field(default=1.0, ge=0.0, le=1.0)
    # Personal data in events is sealed with per-person keys, themselves wrapped by
    # this master key (32 bytes, base64). Required: a service will not start without
    # it. ``make run`` makes one and keeps it in .run/keys/master.key.
    master_key: str | None = None
    # Where the key table lives (schema ``keyring``); None: the service's database.
    # In deploy/ it is a database of its own, so a dump of the stores holds no keys.
    keyring_url: str | None = None
    pool_size: int = 10

    @property
    def nats_servers(self) -> list[str]:
        """``nats_url`` as a list of servers: a cluster's nodes, comma-separated.

        nats-py takes a list but reads a comma-separated string as one (bad) URL; with
        every node listed, the client reconnects to another when one dies.
        """
        return [url.strip() for url in self.nats_url.split(",") if url.strip()]

    def connection_settings(self) -> dict[str, str]:
        """Server settings for a connection that acts as the service (its role)."""
        return {"role": self.database_role} if self.database_role else {}
