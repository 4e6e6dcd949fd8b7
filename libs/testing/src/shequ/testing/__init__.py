"""Pytest plugin (测试插件) with real PostgreSQL and NATS, loaded via pytest11.

Fixtures live in ``shequ.testing.plugin``; PgRole is exported for type hints.
"""

from shequ.testing.plugin import PgRole

__all__ = ["PgRole"]
