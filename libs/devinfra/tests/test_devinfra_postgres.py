from pathlib import Path

import asyncpg
import pytest

from shequ.devinfra import EmbeddedPostgres

# These tests start embedded servers themselves.
pytestmark = pytest.mark.servers


def _temp_dirs() -> set[Path]:
    return set(Path("/tmp").glob("shequ-pg-*"))


async def test_embedded_postgres_serves_tcp_and_removes_its_data_on_stop() -> None:
    before = _temp_dirs()
    with EmbeddedPostgres() as server:
        created = _temp_dirs() - before
        connection = await asyncpg.connect(server.dsn)
        try:
            settings = await connection.fetchrow(
                "SELECT current_user AS user, inet_server_addr()::text AS addr,"
                " current_setting('max_connections') AS max_connections,"
                " current_setting('fsync') AS fsync"
            )
        finally:
            await connection.close()
    server.stop()  # a second stop is harmless

    assert dict(settings) == {
        "user": "postgres",
        "addr": "127.0.0.1/32",
        "max_connections": "200",
        "fsync": "off",
    }
    assert len(created) == 1
    assert not any(path.exists() for path in created)
