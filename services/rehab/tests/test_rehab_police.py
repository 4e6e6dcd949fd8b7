"""The police's decisions over NATS (公安推送): a published decision opens one case.

The police publish on ``shequ.police.>`` (stream SHEQU_POLICE) as a real feed does;
rehab's people copy and its police intake read JetStream for real; the person is found
by the keyed digest of their ID number.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from nats.aio.client import Client as NatsClient

from shequ.access import Acting
from shequ.contracts import Event
from shequ.contracts.personal import install_opener
from shequ.contracts.police import CATALOG as POLICE
from shequ.contracts.police import RehabDecisionIssued, UrineTestResultIssued
from shequ.contracts.registry import PersonErased, PersonRegistered
from shequ.contracts.rehab import CATALOG as REHAB
from shequ.contracts.rehab import (
    RehabDecisionReceived,
    RehabReported,
    SeriousViolationFound,
    UrineTestRecorded,
)
from shequ.eventstore import (
    EventStore,
    NewStream,
    create_pool,
    migrate,
    store_migrations,
)
from shequ.keyring import KeyRing, shared
from shequ.messaging import ProjectionRunner, list_parked, replay_parked
from shequ.rehab.domain import case
from shequ.rehab.domain.rules import RehabRules
from shequ.rehab.handlers.cases import act, decision_case_id, stream_of
from shequ.rehab.handlers.police import police_intake_projection
from shequ.service.people import find_person_by_document, people_copy
from shequ.testing.feeds import (
    COMMUNITY_A,
    Feed,
    RegistryFeed,
    open_feed,
    open_registry_feed,
    registration,
)

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
ID_NUMBER = "441900199005071234"
NUMBER = "东公（石）决字〔2026〕17号"
ORGAN = "东莞市公安局石龙分局"
DECIDED = date(2026, 3, 2)
RULES = RehabRules()


@dataclass
class Rehab:
    """Rehab's store, its people copy and its police intake, with both feeds."""

    store: EventStore
    registry: RegistryFeed
    police: Feed
    people: ProjectionRunner
    intake: ProjectionRunner

    async def register(self, id_number: str = ID_NUMBER) -> PersonRegistered:
        person = registration(COMMUNITY_A, "陈小明", id_number=id_number)
        await self.registry.start([NewStream("person", person.person_id, [person])])
        await self.registry.publish()
        await self.people.catch_up("registry")
        return person

    async def send(self, *events: Event) -> None:
        """The police publish ``events`` on the decision's stream; rehab reads them."""
        for event in events:
            await self.police.append(f"police_decision/{NUMBER}", [event])
        await self.police.publish()
        await self.intake.catch_up("police")

    async def case(self) -> list[Event]:
        return (await self.store.replay(stream_of(self.case_id)))[0]

    @property
    def case_id(self) -> str:
        assert self.store.keyring is not None
        return decision_case_id(self.store.keyring, NUMBER)


def decision(id_number: str = ID_NUMBER) -> RehabDecisionIssued:
    return RehabDecisionIssued(
        decision_number=NUMBER,
        police_organ=ORGAN,
        decided_on=DECIDED,
        kind="community_detox",
        ground="first_time",
        term_months=24,
        id_number=id_number,
    )


@pytest.fixture
async def rehab(
    pg_dsn: str, pg_dsns: Callable[[], Awaitable[str]], nats_client: NatsClient
) -> AsyncIterator[Rehab]:
    registry_dsn, police_dsn = await pg_dsns(), await pg_dsns()
    async with (
        open_registry_feed(registry_dsn, nats_client, NOW) as registry,
        open_feed(POLICE, police_dsn, nats_client, NOW) as police,
        create_pool(pg_dsn) as pool,
    ):
        async with pool.acquire() as conn:
            await migrate(conn, store_migrations())
        # Rehab seals what it appends and finds people by their documents' digests.
        ring = shared(pg_dsn, os.environ["SHEQU_MASTER_KEY"])
        await ring.attach()
        install_opener(ring)
        try:
            store = EventStore(pool, REHAB, keyring=ring)
            people = ProjectionRunner(pool, people_copy("rehab")(store), nats_client)
            intake = ProjectionRunner(
                pool, police_intake_projection(RULES)(store), nats_client
            )
            await people.migrate()
            await intake.migrate()
            await registry.publish()
            await people.catch_up("registry")
            yield Rehab(store, registry, police, people, intake)
        finally:
            await ring.detach()


async def test_a_police_decision_on_nats_opens_a_case_for_the_person_with_its_id(
    rehab: Rehab,
) -> None:
    person = await rehab.register()

    await rehab.send(decision())

    assert await rehab.case() == [
        RehabDecisionReceived(
            case_id=rehab.case_id,
            person_id=person.person_id,
            office=COMMUNITY_A,
            kind="community_detox",
            ground="first_time",
            decision_number=NUMBER,
            police_organ=ORGAN,
            decided_on=DECIDED,
            term_months=24,
            report_by=date(2026, 3, 17),
            received_from="police",
        )
    ]
    assert await list_parked(rehab.store.pool) == []


async def test_the_decisions_number_is_sealed_in_rehabs_store(rehab: Rehab) -> None:
    await rehab.register()

    await rehab.send(decision())

    stored = await rehab.store.pool.fetchval(
        "SELECT data::text FROM events WHERE stream_id = $1", stream_of(rehab.case_id)
    )
    data = json.loads(stored)
    assert (NUMBER in stored, "decision_number" in data) == (False, False)
    assert sorted(data["_sealed"]["fields"]) == ["decision_number", "ground"]


async def test_the_same_decision_sent_twice_opens_one_case(rehab: Rehab) -> None:
    await rehab.register()

    await rehab.send(decision(), decision())

    assert [type(e).__name__ for e in await rehab.case()] == ["RehabDecisionReceived"]
    assert await list_parked(rehab.store.pool) == []


async def test_the_id_number_is_matched_as_people_write_it(rehab: Rehab) -> None:
    person = await rehab.register("44190019900507123X")

    found = await find_person_by_document(
        rehab.store.pool, _ring(rehab), " 441900 19900507123x "
    )

    assert found is not None
    assert found.person_id == person.person_id


async def test_an_erased_person_is_found_by_no_number(rehab: Rehab) -> None:
    person = await rehab.register()
    await rehab.registry.append(
        person.person_id,
        [PersonErased(office=COMMUNITY_A, ground="registered_in_error", reason="重复")],
    )
    await rehab.registry.publish()
    await rehab.people.catch_up("registry")

    found = await find_person_by_document(rehab.store.pool, _ring(rehab), ID_NUMBER)

    assert found is None


async def test_a_decision_for_an_unknown_person_is_parked_until_they_are_registered(
    rehab: Rehab,
) -> None:
    await rehab.send(decision())
    parked = await list_parked(rehab.store.pool)
    person = await rehab.register()

    await replay_parked(
        rehab.store.pool, police_intake_projection(RULES)(rehab.store), "police", 1
    )

    assert [(p.projection, p.event_type, p.error.split(":")[0]) for p in parked] == [
        ("rehab-police-intake", "RehabDecisionIssued", "NoPersonWithThatId")
    ]
    assert "no person in the registry has its ID number" in parked[0].error
    assert ID_NUMBER not in parked[0].error
    assert [(e.type, getattr(e, "person_id", None)) for e in await rehab.case()] == [
        ("RehabDecisionReceived", person.person_id)
    ]


async def test_a_police_test_is_recorded_on_the_case_and_a_positive_is_serious(
    rehab: Rehab,
) -> None:
    person = await rehab.register()
    await rehab.send(decision())
    worker = Acting("staff-1", COMMUNITY_A, datetime(2026, 3, 5, 2, tzinfo=UTC))
    await act(
        rehab.store,
        rehab.case_id,
        case.RecordReport(reported_on=date(2026, 3, 5), by=worker),
    )

    await rehab.send(
        UrineTestResultIssued(
            decision_number=NUMBER,
            police_organ=ORGAN,
            tested_on=date(2026, 4, 1),
            result="positive",
        )
    )

    held = {"person_id": person.person_id, "office": COMMUNITY_A}
    assert (await rehab.case())[1:] == [
        RehabReported(
            **held,
            reported_on=date(2026, 3, 5),
            term_ends_on=date(2028, 3, 4),
            late=False,
        ),
        UrineTestRecorded(**held, tested_on=date(2026, 4, 1), result="positive"),
        SeriousViolationFound(**held, reason="relapse", found_on=date(2026, 4, 1)),
    ]


async def test_a_police_test_for_a_decision_not_received_is_parked(
    rehab: Rehab,
) -> None:
    await rehab.send(
        UrineTestResultIssued(
            decision_number=NUMBER,
            police_organ=ORGAN,
            tested_on=date(2026, 4, 1),
            result="negative",
        )
    )

    parked = await list_parked(rehab.store.pool)
    assert [(p.event_type, p.error.split(":")[0]) for p in parked] == [
        ("UrineTestResultIssued", "DecisionNotReceived")
    ]


def _ring(rehab: Rehab) -> KeyRing:
    assert rehab.store.keyring is not None
    return rehab.store.keyring
