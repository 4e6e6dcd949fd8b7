import nats

from shequ.devinfra import start_local_infra


def test_given_urls_are_used_as_they_are() -> None:
    with start_local_infra("postgresql://db.example/x", "nats://mq.example") as infra:
        assert (infra.database_url, infra.nats_url) == (
            "postgresql://db.example/x",
            "nats://mq.example",
        )


async def test_a_missing_url_gets_an_embedded_server() -> None:
    with start_local_infra("postgresql://db.example/x", None) as infra:
        client = await nats.connect(infra.nats_url)
        assert client.is_connected
        await client.close()
