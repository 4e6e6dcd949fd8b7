"""Appending: expected versions, idempotency, validation, reading a stream back."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Literal

import asyncpg
import pytest

from shequ.contracts import Event, EventCatalog
from shequ.eventstore import (
    AppendResult,
    ConcurrencyError,
    EventSchemaError,
    EventStore,
    NewStream,
    StreamNotFound,
    UnknownEventType,
    verify,
)
from shequ.testing.sample import (
    T0,
    WORKER,
    CaseOpened,
    NoteAdded,
    append_case,
    open_case,
)


async def test_appended_events_read_back_in_order_with_their_envelope(
    store: EventStore,
) -> None:
    result = await append_case(
        store,
        "case-1",
        [CaseOpened(title="邻里纠纷"), NoteAdded(text="visited")],
        expected_version=0,
        metadata=WORKER,
    )

    envelopes = await store.read_stream("case-1")

    assert (result.first_version, result.last_version, result.duplicate) == (
        1,
        2,
        False,
    )
    assert [(e.version, e.event_type, e.data) for e in envelopes] == [
        (1, "CaseOpened", {"title": "邻里纠纷"}),
        (2, "NoteAdded", {"text": "visited"}),
    ]
    first, second = envelopes
    assert (first.service, first.stream_type, first.actor, first.office) == (
        "testsvc",
        "case",
        "staff-1",
        "441900101001",
    )
    assert (first.occurred_at, first.schema_version) == (T0, 1)
    assert first.event_id.version == 7
    assert first.previous_hash == "00" * 32
    assert second.previous_hash == first.hash
    assert result.checkpoint == (second.transaction_id, second.position)
    assert [store.decode(e) for e in envelopes] == [
        CaseOpened(title="邻里纠纷"),
        NoteAdded(text="visited"),
    ]


async def test_a_stale_expected_version_is_refused_and_writes_nothing(
    store: EventStore,
) -> None:
    await open_case(store, "case-1", "a")

    with pytest.raises(ConcurrencyError) as refused:
        await append_case(store, "case-1", [NoteAdded(text="late")], expected_version=1)

    assert (refused.value.expected, refused.value.actual) == (1, 2)
    assert [e.version for e in await store.read_stream("case-1")] == [1, 2]


async def test_twenty_concurrent_writers_get_one_winner_per_version(
    store: EventStore,
) -> None:
    await open_case(store, "case-1")
    outcomes: list[str] = []

    async def writer(n: int) -> None:
        for _ in range(5):
            version = len(await store.read_stream("case-1"))
            try:
                await append_case(
                    store, "case-1", [NoteAdded(text=f"w{n}")], expected_version=version
                )
                outcomes.append("won")
            except ConcurrencyError:
                outcomes.append("lost")

    await asyncio.gather(*(writer(n) for n in range(20)))

    versions = [e.version for e in await store.read_stream("case-1")]
    assert versions == list(range(1, outcomes.count("won") + 2))
    assert outcomes.count("won") + outcomes.count("lost") == 100
    assert outcomes.count("lost") > 0


async def test_twenty_writers_creating_one_stream_leave_exactly_one_winner(
    store: EventStore,
) -> None:
    async def create(n: int) -> str:
        try:
            await append_case(
                store, "case-new", [CaseOpened(title=f"w{n}")], expected_version=0
            )
        except ConcurrencyError:
            return "lost"
        return "won"

    outcomes = await asyncio.gather(*(create(n) for n in range(20)))

    assert sorted(outcomes) == ["lost"] * 19 + ["won"]
    assert [e.version for e in await store.read_stream("case-new")] == [1]


@pytest.mark.parametrize("head", [0, 1], ids=["new stream", "stream moved on"])
async def test_a_retried_command_returns_its_first_result_and_appends_nothing(
    store: EventStore, head: int
) -> None:
    # The retry's expected version is stale: the first attempt moved the stream on.
    if head:
        await open_case(store, "case-1")

    def command() -> Awaitable[AppendResult]:
        return append_case(
            store,
            "case-1",
            [NoteAdded(text="n") if head else CaseOpened(title="x")],
            expected_version=head,
            idempotency_key="cmd-1",
        )

    first = await command()
    retry = await command()

    assert retry == first._replace(duplicate=True)
    assert len(await store.read_stream("case-1")) == head + 1


async def test_concurrent_retries_of_one_command_append_once(store: EventStore) -> None:
    async def send(n: int) -> tuple[int, int]:
        result = await append_case(
            store,
            f"case-{n}",
            [CaseOpened(title="x")],
            expected_version=0,
            idempotency_key="cmd-1",
        )
        return result.first_version, result.last_version

    results = await asyncio.gather(*(send(n) for n in range(10)))

    assert results == [(1, 1)] * 10
    count = await store.pool.fetchval("SELECT count(*) FROM events")
    assert count == 1


async def test_an_unknown_event_type_is_refused_and_nothing_is_written(
    store: EventStore,
) -> None:
    class Stranger(Event):
        type: Literal["Stranger"] = "Stranger"

    with pytest.raises(UnknownEventType, match="unknown event type Stranger"):
        await append_case(
            store, "case-1", [CaseOpened(title="x"), Stranger()], expected_version=0
        )
    with pytest.raises(UnknownEventType):
        await store.append_raw(
            "case", "case-1", [("Stranger", {})], expected_version=0, occurred_at=T0
        )

    assert await store.pool.fetchval("SELECT count(*) FROM events") == 0


async def test_a_payload_that_fails_its_schema_is_refused_naming_the_field(
    store: EventStore,
) -> None:
    with pytest.raises(EventSchemaError) as refused:
        await store.append_raw(
            "case",
            "case-1",
            [("CaseOpened", {"title": "ok"}), ("NoteAdded", {"text": 5, "extra": 1})],
            expected_version=0,
            occurred_at=T0,
        )

    assert refused.value.errors == [
        {"field": "text", "message": "Input should be a valid string"},
        {"field": "extra", "message": "Extra inputs are not permitted"},
    ]
    assert await store.pool.fetchval("SELECT count(*) FROM events") == 0


async def test_reading_a_stream_that_does_not_exist_says_so(store: EventStore) -> None:
    with pytest.raises(StreamNotFound, match="'nowhere'"):
        await store.read_stream("nowhere")
    assert await store.read_stream("nowhere", missing_ok=True) == []


async def test_a_stream_read_as_of_a_time_leaves_out_later_events(
    store: EventStore,
) -> None:
    await open_case(store, "case-1", "first")
    cut = await store.pool.fetchval("SELECT clock_timestamp()")
    await asyncio.sleep(0.01)
    await append_case(store, "case-1", [NoteAdded(text="later")], expected_version=2)

    as_of_time = await store.read_stream("case-1", as_of=cut)
    as_of_version = await store.read_stream("case-1", to_version=1)

    assert [e.data for e in as_of_time] == [{"title": "case-1"}, {"text": "first"}]
    assert [e.data for e in as_of_version] == [{"title": "case-1"}]


class NoteAddedV2(Event):
    """NoteAdded after the text was split into a body and a channel."""

    type: Literal["NoteAdded"] = "NoteAdded"
    schema_version = 2
    body: str
    channel: str


async def test_old_event_versions_are_upcast_on_read_and_never_rewritten(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    await open_case(store, "case-1", "visited at home")
    upgraded = EventStore(
        pool,
        EventCatalog(
            "testsvc",
            [CaseOpened, NoteAddedV2],
            upcasters={
                ("NoteAdded", 1): lambda p: {"body": p["text"], "channel": "visit"}
            },
        ),
    )

    envelopes = await upgraded.read_stream("case-1")

    assert upgraded.decode(envelopes[1]) == NoteAddedV2(
        body="visited at home", channel="visit"
    )
    assert (envelopes[1].schema_version, envelopes[1].data) == (
        1,
        {"text": "visited at home"},
    )


def test_a_catalog_refuses_an_upcaster_without_a_newer_version() -> None:
    with pytest.raises(ValueError, match="NoteAdded v1 has no target"):
        EventCatalog("x", [NoteAdded], upcasters={("NoteAdded", 1): dict})


async def test_many_new_streams_begin_in_one_statement_with_intact_chains(
    store: EventStore,
) -> None:
    streams = [
        NewStream("case", f"bulk-{n}", [CaseOpened(title=f"c{n}"), NoteAdded(text="a")])
        for n in range(3)
    ]

    added = await store.start_streams(streams, occurred_at=T0, metadata=WORKER)

    assert added == 6
    assert [(e.version, e.data) for e in await store.read_stream("bulk-2")] == [
        (1, {"title": "c2"}),
        (2, {"text": "a"}),
    ]
    assert (await verify(store.pool)).intact


async def test_a_batch_that_names_an_existing_stream_writes_nothing(
    store: EventStore,
) -> None:
    await open_case(store, "taken")
    streams = [
        NewStream("case", "fresh", [CaseOpened(title="fresh")]),
        NewStream("case", "taken", [CaseOpened(title="again")]),
    ]

    with pytest.raises(ConcurrencyError):
        await store.start_streams(streams, occurred_at=T0)

    assert await store.read_stream("fresh", missing_ok=True) == []


async def test_appends_sharing_a_statement_are_all_answered_when_one_caller_gives_up(
    store: EventStore,
) -> None:
    async def open_(n: int) -> int:
        result = await append_case(
            store, f"shared-{n}", [CaseOpened(title=str(n))], expected_version=0
        )
        return result.last_version

    tasks = [asyncio.create_task(open_(n)) for n in range(12)]
    await asyncio.sleep(0)
    tasks[3].cancel()

    async with asyncio.timeout(10):
        answers = await asyncio.gather(*tasks, return_exceptions=True)

    assert [a for i, a in enumerate(answers) if i != 3] == [1] * 11


@pytest.mark.parametrize("notes", [1, 40], ids=["row by row", "in arrays"])
async def test_appends_sharing_a_statement_keep_their_own_streams_and_chains(
    store: EventStore, notes: int
) -> None:
    # A few rows go as one parameter per value, many as one array per column.
    async def open_(n: int) -> tuple[int, int]:
        events = [
            CaseOpened(title=str(n)),
            *(NoteAdded(text=f"{n}.{i}") for i in range(notes)),
        ]
        result = await append_case(store, f"shared-{n}", events, expected_version=0)
        return result.first_version, result.last_version

    answers = await asyncio.gather(*(open_(n) for n in range(8)))

    assert answers == [(1, notes + 1)] * 8
    for n in range(8):
        texts = [e.data.get("text") for e in await store.read_stream(f"shared-{n}")]
        assert texts == [None, *(f"{n}.{i}" for i in range(notes))]
    assert (await verify(store.pool)).intact


async def test_an_append_postgresql_refuses_fails_alone_in_a_shared_statement(
    store: EventStore,
) -> None:
    async def open_(stream_id: str) -> int:
        result = await append_case(
            store, stream_id, [CaseOpened(title="x")], expected_version=0
        )
        return result.last_version

    streams = [f"shared-{n}" for n in range(20)] + ["bad\x00id"]
    async with asyncio.timeout(10):
        answers = await asyncio.gather(*map(open_, streams), return_exceptions=True)

    assert answers[:20] == [1] * 20
    assert isinstance(answers[20], asyncpg.CharacterNotInRepertoireError)
    assert await store.pool.fetchval("SELECT count(*) FROM events") == 20


async def test_a_look_alike_event_or_one_for_another_stream_type_is_refused(
    store: EventStore,
) -> None:
    class NotTheNote(Event):
        type: Literal["NoteAdded"] = "NoteAdded"
        colour: int

    with pytest.raises(EventSchemaError) as look_alike:
        await append_case(store, "case-1", [NotTheNote(colour=1)], expected_version=0)
    with pytest.raises(EventSchemaError) as elsewhere:
        await store.append(
            "note",
            "case-2",
            [CaseOpened(title="x")],
            expected_version=0,
            occurred_at=T0,
        )

    assert look_alike.value.errors[0]["field"] == "type"
    assert elsewhere.value.errors[0]["field"] == "stream_type"
    assert await store.pool.fetchval("SELECT count(*) FROM events") == 0


async def test_an_event_too_large_to_publish_is_refused_and_nothing_written(
    store: EventStore,
) -> None:
    # Built unvalidated (the contracts refuse such a text): the store's own guard.
    too_large = NoteAdded.model_construct(text="字" * 400_000)
    with pytest.raises(EventSchemaError) as refused:
        await append_case(
            store, "case-1", [CaseOpened(title="x"), too_large], expected_version=0
        )

    assert refused.value.errors[0]["field"] == "payload"
    assert refused.value.errors[0]["message"].startswith("1,200,011 bytes of JSON")
    assert await store.pool.fetchval("SELECT count(*) FROM events") == 0
