"""Another service's events, really stored and really published, for a consumer's tests.

A consumer (employment, reporting …) is tested against the events its sources publish,
not against mocks: :class:`Feed` is a source service's event store in its own schema
with its relay, publishing to that service's JetStream stream. :class:`RegistryFeed`
adds the registry facts tests need most: offices, people, households, moves.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime

from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from shequ.access import mask_id
from shequ.contracts import Event, EventCatalog, EventEnvelope
from shequ.contracts.registry import CATALOG as REGISTRY
from shequ.contracts.registry import (
    HouseholdMemberAdded,
    HouseholdMemberRemoved,
    HouseholdRegistered,
    OfficeOpened,
    PersonDied,
    PersonMoved,
    PersonRegistered,
    PersonTagsChanged,
    Relationship,
    Sex,
    Tag,
)
from shequ.eventstore import (
    AppendResult,
    EventStore,
    Metadata,
    NewStream,
    create_pool,
    migrate,
    store_migrations,
)
from shequ.messaging import RELAY_MIGRATIONS, Relay, stream_name

DISTRICT, STREET_A, STREET_B = "441900000000", "441900101000", "441900102000"
COMMUNITY_A, COMMUNITY_A2, COMMUNITY_B = "441900101001", "441900101002", "441900102001"
OFFICES = [
    (DISTRICT, "district", None),
    (STREET_A, "street", DISTRICT),
    (STREET_B, "street", DISTRICT),
    (COMMUNITY_A, "community", STREET_A),
    (COMMUNITY_A2, "community", STREET_A),
    (COMMUNITY_B, "community", STREET_B),
]


def registration(
    office: str,
    name: str | None = None,
    *,
    born: date = date(1990, 5, 7),
    sex: Sex = "male",
    tags: Sequence[Tag] = (),
    id_number: str | None = None,
) -> PersonRegistered:
    """A new person as the registry registers them (with an ID if ``id_number``)."""
    person_id = f"person-{uuid.uuid4()}"
    return PersonRegistered(
        person_id=person_id,
        office=office,
        name=name or f"居民{person_id[7:11]}",
        document_kind="resident_id" if id_number else None,
        document_number=id_number,
        document_masked=mask_id(id_number) if id_number else None,
        birth_date=born,
        sex=sex,
        phone=None,
        address="示范路1号",
        residence="registered",
        tags=list(tags),
    )


def envelope_of(
    event: Event,
    stream_id: str,
    *,
    service: str = "registry",
    at: datetime | None = None,
) -> EventEnvelope:
    """``event`` in an envelope as a relay publishes it, for code given envelopes.

    Its place and hash chain are placeholders: nothing here was stored.
    """
    moment = at or datetime.now(UTC)
    return EventEnvelope(
        event_id=uuid.uuid4(),
        service=service,
        stream_type=event.stream_type,
        stream_id=stream_id,
        version=2,
        position=7,
        transaction_id=99,
        event_type=event.event_type(),
        schema_version=event.schema_version,
        data=event.model_dump(mode="json", exclude={"type"}),
        occurred_at=moment,
        recorded_at=moment,
        previous_hash="0" * 64,
        hash="1" * 64,
    )


class Feed:
    """A source service's store and relay; :meth:`publish` sends what was appended."""

    def __init__(self, store: EventStore, relay: Relay, clock: datetime) -> None:
        self.store, self.relay, self.now = store, relay, clock

    async def append(
        self, stream_id: str, events: Sequence[Event], metadata: Metadata | None = None
    ) -> AppendResult:
        """Append at the stream's head, by ``metadata`` (the feed itself if absent)."""
        head = await self.store.head(stream_id)
        return await self.store.append(
            events[0].stream_type,
            stream_id,
            events,
            expected_version=head.version,
            occurred_at=self.now,
            metadata=metadata or Metadata(actor="feed"),
        )

    async def start(self, streams: Sequence[NewStream]) -> None:
        """Many new streams in one statement (thousands of people at once)."""
        await self.store.start_streams(
            streams, occurred_at=self.now, metadata=Metadata(actor="feed")
        )

    async def publish(self, within: float = 10.0) -> None:
        """Publish every committed event; wait for ones an open transaction hides.

        The relay reads only below the oldest open transaction (gap-safe order), so
        another session's long transaction can hold events back for a moment.
        """
        deadline = asyncio.get_running_loop().time() + within
        while True:
            while await self.relay.publish_batch():
                pass
            if not (await self.relay.status()).pending:
                return
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("events stayed unpublished: a transaction is open")
            await asyncio.sleep(0.01)


@contextlib.asynccontextmanager
async def open_feed(
    catalog: EventCatalog, dsn: str, client: NatsClient, clock: datetime
) -> AsyncIterator[Feed]:
    """A feed for ``catalog``'s service; its JetStream stream is new, and dropped after.

    Stream names are fixed per service, so tests sharing a NATS server take turns.
    """
    js = client.jetstream()
    name = stream_name(catalog.service)
    with contextlib.suppress(NotFoundError):
        await js.delete_stream(name)
    pool = await create_pool(dsn, max_size=4)
    try:
        async with pool.acquire() as conn:
            await migrate(conn, [*store_migrations(), *RELAY_MIGRATIONS])
        store = EventStore(pool, catalog)
        relay = Relay(store, client)
        await relay.ensure_stream()
        yield Feed(store, relay, clock)
    finally:
        await pool.close()
        with contextlib.suppress(NotFoundError):
            await js.delete_stream(name)


class RegistryFeed(Feed):
    """The registry's events, written the way the registry writes them."""

    async def open_offices(self) -> None:
        await self.start(
            [
                NewStream(
                    "office",
                    code,
                    [
                        OfficeOpened(
                            code=code,
                            name=f"office {code}",
                            kind=kind,
                            parent_code=parent,
                        )
                    ],
                )
                for code, kind, parent in OFFICES
            ]
        )

    @staticmethod
    def new_person(
        office: str,
        born: date,
        sex: Sex = "male",
        tags: Sequence[Tag] = (),
        name: str | None = None,
    ) -> NewStream:
        event = registration(office, name, born=born, sex=sex, tags=tags)
        return NewStream("person", event.person_id, [event])

    async def person(
        self,
        office: str,
        born: date,
        sex: Sex = "male",
        tags: Sequence[Tag] = (),
        name: str | None = None,
    ) -> str:
        """Register one person; returns their person id."""
        stream = self.new_person(office, born, sex, tags, name)
        await self.start([stream])
        return stream.stream_id

    async def household(
        self,
        office: str,
        head: str,
        members: Sequence[str] = (),
        relationship: Relationship = "child",
    ) -> str:
        household_id = f"household-{uuid.uuid4()}"
        events: list[Event] = [
            HouseholdRegistered(
                household_id=household_id,
                head_person_id=head,
                address="示范路1号",
                office=office,
            )
        ]
        events += [
            HouseholdMemberAdded(office=office, person_id=m, relationship=relationship)
            for m in members
        ]
        await self.start([NewStream("household", household_id, events)])
        return household_id

    async def add_member(self, household_id: str, office: str, person: str) -> None:
        await self.append(
            household_id,
            [
                HouseholdMemberAdded(
                    office=office, person_id=person, relationship="child"
                )
            ],
        )

    async def remove_member(self, household_id: str, office: str, person: str) -> None:
        await self.append(
            household_id,
            [
                HouseholdMemberRemoved(
                    office=office, person_id=person, reason="moved out"
                )
            ],
        )

    async def move(self, person_id: str, from_office: str, to_office: str) -> None:
        await self.append(
            person_id,
            [
                PersonMoved(
                    from_office=from_office,
                    to_office=to_office,
                    kind="to_street",
                    address="新地址2号",
                )
            ],
        )

    async def tag(self, person_id: str, office: str, added: Sequence[Tag]) -> None:
        await self.append(
            person_id, [PersonTagsChanged(office=office, added=list(added), removed=[])]
        )

    async def died(self, person_id: str, office: str, on: date) -> None:
        await self.append(person_id, [PersonDied(office=office, date_of_death=on)])


@contextlib.asynccontextmanager
async def open_registry_feed(
    dsn: str, client: NatsClient, clock: datetime | None = None
) -> AsyncIterator[RegistryFeed]:
    """A registry feed with the office tree of :data:`OFFICES` open."""
    async with open_feed(REGISTRY, dsn, client, clock or datetime.now(UTC)) as feed:
        registry = RegistryFeed(feed.store, feed.relay, feed.now)
        await registry.open_offices()
        yield registry
