"""The registry's own settings (``SHEQU_REGISTRY_*``), beside the runtime's shared ones.

Only the first run's administrator is configured here: the district office it is
enrolled for, the name that office opens under when it is not open yet, and its
password (``SHEQU_REGISTRY_BOOTSTRAP_OFFICE``, ``SHEQU_REGISTRY_BOOTSTRAP_OFFICE_NAME``,
``SHEQU_REGISTRY_BOOTSTRAP_PASSWORD``; a password is generated when unset).
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class BootstrapSettings(BaseSettings):
    """The first administrator's district office and password (generated if unset)."""

    model_config = SettingsConfigDict(
        env_prefix="SHEQU_REGISTRY_BOOTSTRAP_", extra="ignore"
    )

    office: str = "441900000000"
    # A district's name as staff read it until an administrator renames it.
    office_name: str = "区级单位"
    password: str | None = None
