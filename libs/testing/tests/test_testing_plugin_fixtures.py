import re
from urllib.parse import parse_qs, urlsplit

import asyncpg
import pytest
from nats.aio.client import Client as NatsClient

from shequ.devinfra import EmbeddedNats
from shequ.testing import PgRole

_schemas_handed_out: set[str] = set()


async def _fetch(dsn: str, query: str) -> object:
    connection = await asyncpg.connect(dsn)
    try:
        return await connection.fetchval(query)
    finally:
        await connection.close()


@pytest.mark.parametrize("run", [1, 2])
async def test_pg_dsn_pins_a_schema_no_other_test_got(pg_dsn: str, run: int) -> None:
    schema = parse_qs(urlsplit(pg_dsn).query)["search_path"][0]

    current = await _fetch(pg_dsn, "SELECT current_schema()")

    assert (current, schema in _schemas_handed_out) == (schema, False)
    _schemas_handed_out.add(schema)


async def test_pg_role_cannot_create_tables_in_a_schema_it_was_not_granted(
    pg_dsn: str, pg_role: PgRole
) -> None:
    schema = parse_qs(urlsplit(pg_dsn).query)["search_path"][0]
    as_role = pg_role.dsn_for(pg_dsn)

    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await _fetch(as_role, f"CREATE TABLE {schema}.forbidden (id int)")
    assert await _fetch(as_role, "SELECT current_user") == pg_role.name


async def _role_creates_a_table(pg_dsn: str, pg_role: PgRole) -> str:
    schema = parse_qs(urlsplit(pg_dsn).query)["search_path"][0]
    await _fetch(pg_dsn, f"GRANT USAGE, CREATE ON SCHEMA {schema} TO {pg_role.name}")
    await _fetch(pg_role.dsn_for(pg_dsn), "CREATE TABLE owned (id int)")
    return str(
        await _fetch(
            pg_dsn,
            "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema()",
        )
    )


# Fixtures tear down in reverse order of the arguments: these two cover both orders.
async def test_teardown_drops_the_schema_then_the_role_owning_a_table(
    pg_role: PgRole, pg_dsn: str
) -> None:
    assert await _role_creates_a_table(pg_dsn, pg_role) == pg_role.name


async def test_teardown_drops_the_role_owning_a_table_then_the_schema(
    pg_dsn: str, pg_role: PgRole
) -> None:
    assert await _role_creates_a_table(pg_dsn, pg_role) == pg_role.name


def test_unique_name_is_a_short_lowercase_token(unique_name: str) -> None:
    assert re.fullmatch(r"t[0-9a-f]{8}", unique_name)


async def test_nats_client_reaches_jetstream(
    nats_client: NatsClient, unique_name: str
) -> None:
    js = nats_client.jetstream()
    await js.add_stream(name=f"S_{unique_name.upper()}", subjects=[f"{unique_name}.>"])

    ack = await js.publish(f"{unique_name}.a", b"x")

    assert (ack.stream, ack.seq) == (f"S_{unique_name.upper()}", 1)


def test_restartable_nats_is_private_and_restarts(
    restartable_nats: EmbeddedNats, nats_server_url: str
) -> None:
    restartable_nats.stop()
    stopped = restartable_nats.running
    restartable_nats.start()

    assert (restartable_nats.url != nats_server_url, stopped) == (True, False)
    assert restartable_nats.running
