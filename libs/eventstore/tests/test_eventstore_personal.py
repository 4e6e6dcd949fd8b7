"""Personal fields in the store: sealed at rest, plain when read, verifiable, erasable.

Also the re-keyed copy (``reseal``) of a store written before sealing.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Annotated, Literal
from urllib.parse import parse_qs, urlsplit

import asyncpg
import pytest

import shequ.contracts.personal
from shequ.contracts import Event, EventCatalog
from shequ.contracts.personal import (
    ERASED_DATE,
    ERASED_NAME,
    PERSONAL,
    PERSONAL_NAME,
    Personal,
    install_opener,
)
from shequ.contracts.registry import CATALOG as REGISTRY
from shequ.contracts.registry import PersonRegistered
from shequ.eventstore import (
    EventStore,
    Metadata,
    NewStream,
    ResealMismatch,
    ResealReport,
    VerifyReport,
    migrate,
    reseal,
    store_migrations,
    verify,
)
from shequ.eventstore._reseal_cli import main as reseal_command
from shequ.keyring import KeyRing

T0 = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
WORKER = Metadata(actor="staff-1", office="441900101001")
MASTER = bytes(range(32))


class ResidentRegistered(Event):
    type: Literal["ResidentRegistered"] = "ResidentRegistered"
    stream_type = "resident"
    office: str
    name: Annotated[str, PERSONAL_NAME]
    phone: Annotated[str | None, PERSONAL]
    birth_date: Annotated[date, Personal(erased=ERASED_DATE)]


class ResidentMoved(Event):
    type: Literal["ResidentMoved"] = "ResidentMoved"
    stream_type = "resident"
    address: Annotated[str, PERSONAL]


class ResidentTagged(Event):
    """No personal field: stored, and copied, as it is."""

    type: Literal["ResidentTagged"] = "ResidentTagged"
    stream_type = "resident"
    tag: str


CATALOG = EventCatalog("residents", [ResidentRegistered, ResidentMoved, ResidentTagged])
SECRETS = ("张三", "13800138000", "1980-05-17", "东莞市南城街道", "李四", "13900139000")


def registered(name: str = "张三", phone: str = "13800138000") -> ResidentRegistered:
    return ResidentRegistered(
        office="441900101001", name=name, phone=phone, birth_date=date(1980, 5, 17)
    )


def erased_registration() -> ResidentRegistered:
    return ResidentRegistered(
        office="441900101001", name=ERASED_NAME, phone=None, birth_date=ERASED_DATE
    )


HISTORY: list[Event] = [
    registered(),
    ResidentMoved(address="东莞市南城街道"),
    ResidentTagged(tag="elderly"),
]


def _schema(dsn: str) -> str:
    return parse_qs(urlsplit(dsn).query)["search_path"][0]


@pytest.fixture
async def ring(pg_dsn: str) -> AsyncIterator[KeyRing]:
    """A key ring (key table in the test's schema), installed as the opener."""
    made = KeyRing(pg_dsn, MASTER, schema=_schema(pg_dsn))
    await made.attach()
    # Restore whatever the process had installed (another test's, or none).
    previous = shequ.contracts.personal._opener
    install_opener(made)
    try:
        yield made
    finally:
        install_opener(previous)
        await made.detach()


async def _store(dsn: str, ring: KeyRing | None) -> EventStore:
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=4)
    async with pool.acquire() as conn:
        await migrate(conn, store_migrations())
    return EventStore(pool, CATALOG, keyring=ring)


@pytest.fixture
async def stores(
    pg_dsns: Callable[[], Awaitable[str]],
) -> AsyncIterator[Callable[[KeyRing | None], Awaitable[EventStore]]]:
    """A maker of migrated stores, each in a schema of its own."""
    made: list[EventStore] = []

    async def make(ring: KeyRing | None) -> EventStore:
        made.append(await _store(await pg_dsns(), ring))
        return made[-1]

    yield make
    for store in made:
        await store.pool.close()


@pytest.fixture
async def store(
    stores: Callable[[KeyRing | None], Awaitable[EventStore]], ring: KeyRing
) -> EventStore:
    return await stores(ring)


async def write(store: EventStore, stream_id: str, events: list[Event]) -> None:
    await store.append(
        "resident",
        stream_id,
        events,
        expected_version=None,
        occurred_at=T0,
        metadata=WORKER,
    )


async def table_text(store: EventStore) -> str:
    """Every row of the events table as text, as a dump of it would show."""
    rows = await store.pool.fetch("SELECT e::text FROM events e ORDER BY position")
    return "\n".join(row[0] for row in rows)


def dumps(events: list[Event]) -> list[dict[str, object]]:
    return [e.model_dump() for e in events]


class TestSealedAtRest:
    async def test_the_events_table_holds_no_personal_value(
        self, store: EventStore
    ) -> None:
        await write(store, "r-1", HISTORY)
        await write(store, "r-2", [registered("李四", "13900139000")])

        text = await table_text(store)

        assert [s for s in SECRETS if s in text] == []
        assert "elderly" in text

    async def test_bulk_started_streams_are_sealed_too(self, store: EventStore) -> None:
        await store.start_streams(
            [
                NewStream("resident", "r-1", HISTORY),
                NewStream("resident", "r-2", [registered("李四", "13900139000")]),
            ],
            occurred_at=T0,
        )

        assert [s for s in SECRETS if s in await table_text(store)] == []
        assert dumps((await store.replay("r-2"))[0]) == dumps(
            [registered("李四", "13900139000")]
        )


class TestReadInClear:
    async def test_replay_gives_the_plain_events(self, store: EventStore) -> None:
        await write(store, "r-1", HISTORY)

        events, head = await store.replay("r-1")

        assert (dumps(events), head.version) == (dumps(HISTORY), 3)

    async def test_read_stream_and_read_all_decode_to_the_plain_events(
        self, store: EventStore
    ) -> None:
        await write(store, "r-1", HISTORY)

        streamed = [store.decode(e) for e in await store.read_stream("r-1")]
        everything = [store.decode(e) for e in await store.read_all((0, 0))]

        assert dumps(streamed) == dumps(HISTORY)
        assert dumps(everything) == dumps(HISTORY)

    async def test_an_as_of_replay_opens_what_it_returns(
        self, store: EventStore
    ) -> None:
        await write(store, "r-1", HISTORY[:1])
        cut = datetime.now(UTC)
        await write(store, "r-1", HISTORY[1:])

        events, _head = await store.replay("r-1", as_of=cut)

        assert dumps(events) == dumps(HISTORY[:1])


class TestVerifyAndErase:
    async def test_verify_needs_no_key(self, store: EventStore) -> None:
        await write(store, "r-1", HISTORY)
        intact = VerifyReport(3, 1, None)

        with_keys = await verify(store.pool)
        install_opener(None)
        without = await verify(store.pool)

        assert (with_keys, without) == (intact, intact)

    async def test_after_erasure_the_chain_verifies_and_replay_reads_erased(
        self, store: EventStore, ring: KeyRing
    ) -> None:
        await write(store, "r-1", HISTORY)
        await write(store, "r-2", [registered("李四", "13900139000")])

        await ring.erase(["r-1"])

        assert await verify(store.pool) == VerifyReport(4, 2, None)
        assert dumps((await store.replay("r-1"))[0]) == dumps(
            [
                erased_registration(),
                ResidentMoved(address="已删除"),
                ResidentTagged(tag="elderly"),
            ]
        )
        assert dumps((await store.replay("r-2"))[0]) == dumps(
            [registered("李四", "13900139000")]
        )
        everything = [store.decode(e) for e in await store.read_all((0, 0))]
        assert dumps(everything)[0] == erased_registration().model_dump()


class TestReseal:
    """The re-keyed copy of a store written in clear (before sealing)."""

    @pytest.fixture
    async def old(
        self, stores: Callable[[KeyRing | None], Awaitable[EventStore]]
    ) -> EventStore:
        old = await stores(None)
        await write(old, "r-1", HISTORY[:2])
        await write(old, "r-2", [registered("李四", "13900139000")])
        await old.append(
            "resident",
            "r-1",
            HISTORY[2:],
            expected_version=2,
            occurred_at=T0,
            idempotency_key="staff-1:tag",
        )
        return old

    @staticmethod
    async def rows(store: EventStore) -> list[tuple[object, ...]]:
        """What a copy must keep of each event, in global order."""
        found = await store.pool.fetch(
            """SELECT event_id, stream_type, stream_id, version, event_type,
                      occurred_at, recorded_at, actor, office, idempotency_key
               FROM events ORDER BY transaction_id, position"""
        )
        return [tuple(row) for row in found]

    async def test_the_copy_is_sealed_verifies_and_decodes_to_the_original(
        self,
        old: EventStore,
        stores: Callable[[KeyRing | None], Awaitable[EventStore]],
        ring: KeyRing,
    ) -> None:
        new = await stores(ring)
        assert [s for s in SECRETS if s in await table_text(old)] != []

        report = await reseal(old.pool, new)

        assert report == ResealReport(copied=4, checked=0, streams=2, commands=1)
        assert await verify(new.pool) == VerifyReport(4, 2, None)
        assert [s for s in SECRETS if s in await table_text(new)] == []
        assert await self.rows(new) == await self.rows(old)
        for stream in ("r-1", "r-2"):
            copied, _ = await new.replay(stream)
            assert dumps(copied) == dumps((await old.replay(stream))[0])
        retried = await new.find_command("staff-1:tag")
        assert retried is not None
        assert (retried.first_version, retried.last_version) == (3, 3)

    async def test_a_rerun_checks_the_copy_and_copies_only_what_is_new(
        self,
        old: EventStore,
        stores: Callable[[KeyRing | None], Awaitable[EventStore]],
        ring: KeyRing,
    ) -> None:
        new = await stores(ring)
        await reseal(old.pool, new, batch=2)
        await write(old, "r-3", [registered("王五")])

        again = await reseal(old.pool, new, batch=2)

        assert again == ResealReport(copied=1, checked=4, streams=3, commands=0)
        assert await verify(new.pool) == VerifyReport(5, 3, None)

    async def test_progress_is_reported_every_n_events(
        self,
        old: EventStore,
        stores: Callable[[KeyRing | None], Awaitable[EventStore]],
        ring: KeyRing,
    ) -> None:
        seen: list[ResealReport] = []

        await reseal(
            old.pool, await stores(ring), batch=1, every=2, progress=seen.append
        )

        assert [r.copied for r in seen] == [2, 4]

    async def test_a_person_erased_before_the_copy_is_copied_as_erased(
        self,
        old: EventStore,
        stores: Callable[[KeyRing | None], Awaitable[EventStore]],
        ring: KeyRing,
    ) -> None:
        await ring.erase(["r-2"])
        new = await stores(ring)

        await reseal(old.pool, new)

        assert "李四" not in await table_text(new)
        assert dumps((await new.replay("r-2"))[0]) == dumps([erased_registration()])

    async def test_events_already_sealed_are_copied_byte_for_byte(
        self, stores: Callable[[KeyRing | None], Awaitable[EventStore]], ring: KeyRing
    ) -> None:
        old, new = await stores(ring), await stores(ring)
        await write(old, "r-1", HISTORY)

        await reseal(old.pool, new)

        payloads = "SELECT data::text FROM events ORDER BY position"
        assert [r[0] for r in await new.pool.fetch(payloads)] == [
            r[0] for r in await old.pool.fetch(payloads)
        ]
        assert await verify(new.pool) == VerifyReport(3, 1, None)

    async def test_an_old_event_altered_behind_the_stores_back_stops_the_copy(
        self,
        old: EventStore,
        stores: Callable[[KeyRing | None], Awaitable[EventStore]],
        ring: KeyRing,
    ) -> None:
        async with old.pool.acquire() as conn, conn.transaction():
            await conn.execute("SET LOCAL session_replication_role = replica")
            altered = await conn.fetchval(
                """UPDATE events SET data = '{"address":"别处"}'
                   WHERE event_type = 'ResidentMoved' RETURNING event_id"""
            )
        new = await stores(ring)

        with pytest.raises(ResealMismatch, match="the old chain breaks") as stopped:
            await reseal(old.pool, new, batch=1)

        assert stopped.value.event_id == altered
        assert await new.pool.fetchval("SELECT count(*) FROM events") == 1


class TestResealCommand:
    """``shequ-reseal``: its exit status and what it does."""

    @pytest.mark.parametrize(
        ("argv", "env"),
        [
            (["--service", "nope", "--from", "a", "--to", "b"], {}),
            (["--service", "registry", "--from", "a", "--to", "a"], {}),
            (
                ["--service", "registry", "--from", "a", "--to", "b"],
                {"SHEQU_MASTER_KEY": "not a key"},
            ),
        ],
    )
    def test_a_usage_or_configuration_error_exits_2(
        self, argv: list[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        for name, value in env.items():
            monkeypatch.setenv(name, value)

        assert reseal_command(argv) == 2

    async def test_it_copies_a_registry_store_and_verifies_the_copy(
        self,
        pg_server_dsn: str,
        pg_dsns: Callable[[], Awaitable[str]],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        old_dsn, new_dsn = await pg_dsns(), await pg_dsns()
        old = EventStore(await _registry_store(old_dsn), REGISTRY)
        person_id = f"p-{uuid.uuid4().hex[:12]}"
        await old.append(
            "person", person_id, [person(person_id)], expected_version=0, occurred_at=T0
        )
        await old.pool.close()
        monkeypatch.setenv("SHEQU_DATABASE_URL", pg_server_dsn)
        argv = ["--service", "registry", "--from", _schema(old_dsn)]
        argv += ["--to", _schema(new_dsn)]

        first = await asyncio.to_thread(reseal_command, argv)
        again = await asyncio.to_thread(reseal_command, argv)

        conn = await asyncpg.connect(new_dsn)
        try:
            stored = await conn.fetchval("SELECT data::text FROM events")
            # The command's key table is the database's own (schema keyring).
            await conn.execute(
                "DELETE FROM keyring.subject_keys WHERE subject = $1", person_id
            )
        finally:
            await conn.close()
        assert (first, again) == (0, 0)
        assert "13800138000" not in stored
        assert person_id in stored


async def _registry_store(dsn: str) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    async with pool.acquire() as conn:
        await migrate(conn, store_migrations())
    return pool


def person(person_id: str) -> PersonRegistered:
    return PersonRegistered(
        person_id=person_id,
        office="441900101001",
        name="张三",
        document_kind="resident_id",
        document_number="441900198005171234",
        document_masked="4419**********1234",
        birth_date=date(1980, 5, 17),
        sex="male",
        phone="13800138000",
        address="东莞市南城街道",
        residence="registered",
        tags=[],
    )
