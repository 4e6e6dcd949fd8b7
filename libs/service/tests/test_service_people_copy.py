"""A service's copy of the registry's people (人口底册), kept end to end.

The registry's events are appended to a real registry store, relayed to its JetStream
stream by :class:`RegistryFeed`, and applied by a :class:`ProjectionRunner` of
``people_copy(...)`` into the service's own schema; the look-ups then read the tables.
A reaction records every change it is given and appends a note to the service's own
store on the projection's connection, so what it did commits (or not) with the copy.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
import pytest
from nats.aio.client import Client as NatsClient

from shequ.contracts import Event
from shequ.contracts.personal import ERASED_DATE, ERASED_NAME
from shequ.contracts.registry import (
    HouseholdMemberAdded,
    HouseholdMemberRemoved,
    HouseholdRegistered,
    OfficeOpened,
    OfficeRenamed,
    PersonDetailsCorrected,
    PersonDied,
    PersonErased,
    PersonMergedInto,
    PersonMoved,
    PersonRegistered,
    PersonsMerged,
    PersonTagsChanged,
)
from shequ.eventstore import EventStore, Metadata, NewStream, migrate, store_migrations
from shequ.messaging import ProjectionRunner, list_parked
from shequ.service.people import (
    Change,
    Person,
    PersonDeceased,
    PersonNotKnown,
    PersonWasErased,
    Reaction,
    find_person,
    household_members,
    household_office,
    living_person,
    office_names,
    people_copy,
)
from shequ.testing.feeds import (
    COMMUNITY_A,
    COMMUNITY_A2,
    COMMUNITY_B,
    DISTRICT,
    OFFICES,
    RegistryFeed,
    open_registry_feed,
    registration,
)
from shequ.testing.sample import NoteAdded, sample_catalog

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
REACTIONS = "reactions"  # the service's stream the recording reaction appends to
ID_NUMBER = "441900199005071234"


@dataclass
class Copy:
    """The registry feed, the runner of the people copy and what its reaction saw."""

    registry: RegistryFeed
    runner: ProjectionRunner
    pool: asyncpg.Pool
    store: EventStore  # the service's own store, where reactions append
    changes: list[Change] = field(default_factory=list)

    async def sync(self) -> None:
        """Publish what the registry appended and apply it to the copy."""
        await self.registry.publish()
        await self.runner.catch_up("registry")

    async def reactions(self) -> list[str]:
        """The notes the reactions committed to the service's store, in order."""
        envelopes = await self.store.read_stream(REACTIONS, missing_ok=True)
        return [e.data["text"] for e in envelopes]


def _note(change: Change) -> str:
    return f"{change.envelope.event_type} {change.envelope.stream_id}"


async def _note_it(store: EventStore, conn: asyncpg.Connection, change: Change) -> None:
    await store.append(
        "case",
        REACTIONS,
        [NoteAdded(text=_note(change))],
        expected_version=None,
        occurred_at=NOW,
        metadata=Metadata(actor="people-copy"),
        connection=conn,
    )


MakeReaction = Callable[[list[Change]], Reaction]


def _recording(changes: list[Change]) -> Reaction:
    async def react(
        store: EventStore, conn: asyncpg.Connection, change: Change
    ) -> None:
        changes.append(change)
        await _note_it(store, conn, change)

    return react


StartCopy = Callable[..., contextlib.AbstractAsyncContextManager[Copy]]


@pytest.fixture
def start_copy(
    pg_dsn: str,
    pg_dsns: Callable[[], Awaitable[str]],
    nats_client: NatsClient,
    unique_name: str,
) -> StartCopy:
    """``async with start_copy(reaction) as copy``: offices open and applied."""

    @contextlib.asynccontextmanager
    async def start(reaction: MakeReaction | None = None) -> AsyncIterator[Copy]:
        registry_dsn = await pg_dsns()
        async with (
            open_registry_feed(registry_dsn, nats_client, NOW) as registry,
            asyncpg.create_pool(pg_dsn, min_size=1, max_size=4) as pool,
        ):
            async with pool.acquire() as conn:
                await migrate(conn, store_migrations())
            store = EventStore(pool, sample_catalog(unique_name))
            changes: list[Change] = []
            react = reaction(changes) if reaction else None
            projection = people_copy(unique_name, react)(store)
            runner = ProjectionRunner(pool, projection, nats_client)
            await runner.migrate()
            copy = Copy(registry, runner, pool, store, changes)
            await copy.sync()
            yield copy

    return start


@pytest.fixture
async def copy(start_copy: StartCopy) -> AsyncIterator[Copy]:
    """The copy on its own, without a reaction."""
    async with start_copy() as copy:
        yield copy


@pytest.fixture
async def reacting(start_copy: StartCopy) -> AsyncIterator[Copy]:
    """The copy with a reaction that records each change and appends a note."""
    async with start_copy(_recording) as copy:
        yield copy


async def _register(registry: RegistryFeed, *people: PersonRegistered) -> list[str]:
    await registry.start([NewStream("person", p.person_id, [p]) for p in people])
    return [p.person_id for p in people]


def _as_copied(registered: PersonRegistered, **changed: Any) -> Person:
    """The person as the copy should hold them right after ``registered``."""
    person = Person(
        person_id=registered.person_id,
        office=registered.office,
        name=registered.name,
        document_masked=registered.document_masked,
        birth_date=registered.birth_date,
        sex=registered.sex,
        tags=sorted(registered.tags),
        household_id=None,
        alive=True,
        merged_into=None,
    )
    return person.model_copy(update=changed)


def _refusal(error: pytest.ExceptionInfo[Exception]) -> tuple[str, str, str | None]:
    refused = error.value
    assert isinstance(refused, PersonNotKnown | PersonDeceased | PersonWasErased)
    return refused.code, refused.message, refused.field


# --- people -------------------------------------------------------------------------


async def test_a_registered_person_is_found_as_the_registry_registered_them(
    copy: Copy,
) -> None:
    li = registration(
        COMMUNITY_A,
        "李梅",
        born=date(1990, 5, 7),
        sex="female",
        tags=["student", "party_member"],
        id_number=ID_NUMBER,
    )
    [person_id] = await _register(copy.registry, li)

    await copy.sync()

    expected = Person(
        person_id=person_id,
        office=COMMUNITY_A,
        name="李梅",
        document_masked="4419**********1234",
        birth_date=date(1990, 5, 7),
        sex="female",
        tags=["party_member", "student"],
        household_id=None,
        alive=True,
        merged_into=None,
    )
    assert await find_person(copy.pool, person_id) == expected
    assert await living_person(copy.pool, person_id) == expected
    assert expected.student


async def test_a_move_changes_the_persons_office_and_nothing_else(copy: Copy) -> None:
    wang = registration(COMMUNITY_A, "王强")
    [person_id] = await _register(copy.registry, wang)
    await copy.sync()

    await copy.registry.move(person_id, COMMUNITY_A, COMMUNITY_B)
    await copy.sync()

    assert await find_person(copy.pool, person_id) == _as_copied(
        wang, office=COMMUNITY_B
    )


async def test_a_tag_change_adds_and_removes_tags_keeping_them_sorted(
    copy: Copy,
) -> None:
    zhao = registration(COMMUNITY_A, "赵敏", tags=["student", "party_member"])
    [person_id] = await _register(copy.registry, zhao)
    await copy.sync()

    await copy.registry.append(
        person_id,
        [
            PersonTagsChanged(
                office=COMMUNITY_A, added=["retiree", "disabled"], removed=["student"]
            )
        ],
    )
    await copy.sync()

    assert await find_person(copy.pool, person_id) == _as_copied(
        zhao, tags=["disabled", "party_member", "retiree"]
    )


async def test_a_correction_changes_only_the_fields_it_names(copy: Copy) -> None:
    chen = registration(COMMUNITY_A, "陈一", born=date(1980, 1, 1), sex="male")
    [person_id] = await _register(copy.registry, chen)
    await copy.sync()

    await copy.registry.append(
        person_id,
        [
            PersonDetailsCorrected(
                office=COMMUNITY_A, name="陈懿", sex="female", reason="录入错误"
            )
        ],
    )
    await copy.sync()

    assert await find_person(copy.pool, person_id) == _as_copied(
        chen, name="陈懿", sex="female"
    )


async def test_a_person_who_died_is_found_not_alive_and_refused_as_deceased(
    copy: Copy,
) -> None:
    sun = registration(COMMUNITY_A, "孙老", born=date(1940, 3, 1))
    [person_id] = await _register(copy.registry, sun)
    await copy.sync()

    await copy.registry.died(person_id, COMMUNITY_A, date(2026, 11, 1))
    await copy.sync()

    assert await find_person(copy.pool, person_id) == _as_copied(sun, alive=False)
    with pytest.raises(PersonDeceased) as refused:
        await living_person(copy.pool, person_id)
    assert _refusal(refused) == (
        "person-deceased",
        f"{person_id} has died",
        "person_id",
    )
    with pytest.raises(PersonDeceased) as named:
        await living_person(copy.pool, person_id, field="member_id")
    assert _refusal(named)[2] == "member_id"


async def test_an_erased_person_reads_as_erased_and_is_refused_for_new_records(
    copy: Copy,
) -> None:
    zhao = registration(COMMUNITY_A, "赵敏", id_number=ID_NUMBER)
    [person_id] = await _register(copy.registry, zhao)
    await copy.sync()

    erasure = PersonErased(
        office=COMMUNITY_A, ground="purpose_fulfilled", reason="期满"
    )
    await copy.registry.append(person_id, [erasure])
    await copy.sync()

    assert await find_person(copy.pool, person_id) == _as_copied(
        zhao,
        name=ERASED_NAME,
        document_masked=None,
        birth_date=ERASED_DATE,
        erased=True,
    )
    with pytest.raises(PersonWasErased) as refused:
        await living_person(copy.pool, person_id)
    assert _refusal(refused) == (
        "person-erased",
        f"the personal data of {person_id} was erased: nothing new can be recorded"
        " for them",
        "person_id",
    )


async def test_a_reaction_is_given_the_erasure(reacting: Copy) -> None:
    [person_id] = await _register(reacting.registry, registration(COMMUNITY_A))
    erasure = PersonErased(office=COMMUNITY_A, ground="retention_ended", reason="期满")

    await reacting.registry.append(person_id, [erasure])
    await reacting.sync()

    assert [c.event for c in reacting.changes][-1] == erasure


async def test_a_person_the_registry_never_named_is_not_found_and_not_known(
    copy: Copy,
) -> None:
    assert await find_person(copy.pool, "person-nobody") is None
    with pytest.raises(PersonNotKnown) as refused:
        await living_person(copy.pool, "person-nobody", field="member_id")
    assert _refusal(refused) == (
        "person-not-known",
        "the registry has no person person-nobody (or it has not reached this"
        " service yet): register them there first",
        "member_id",
    )


async def test_a_merged_file_is_not_living_and_names_the_surviving_file(
    copy: Copy,
) -> None:
    duplicate = registration(COMMUNITY_A, "周平")
    survivor = registration(COMMUNITY_A, "周平", id_number=ID_NUMBER)
    [duplicate_id, survivor_id] = await _register(copy.registry, duplicate, survivor)
    household_id = await copy.registry.household(COMMUNITY_A, duplicate_id)
    await copy.sync()

    await copy.registry.append(
        duplicate_id,
        [PersonMergedInto(office=COMMUNITY_A, surviving_person_id=survivor_id)],
    )
    await copy.sync()

    assert await find_person(copy.pool, duplicate_id) == _as_copied(
        duplicate, alive=False, merged_into=survivor_id
    )
    with pytest.raises(PersonNotKnown) as refused:
        await living_person(copy.pool, duplicate_id)
    assert _refusal(refused) == (
        "person-not-known",
        f"{duplicate_id} was merged into {survivor_id}: use that person",
        "person_id",
    )
    assert await household_members(copy.pool, household_id) == []
    assert await living_person(copy.pool, survivor_id) == _as_copied(survivor)


async def test_the_surviving_file_of_a_merge_gains_the_duplicates_tags(
    copy: Copy,
) -> None:
    duplicate = registration(COMMUNITY_A, "吴芳", tags=["disabled"])
    survivor = registration(COMMUNITY_A, "吴芳", tags=["retiree"], id_number=ID_NUMBER)
    [duplicate_id, survivor_id] = await _register(copy.registry, duplicate, survivor)
    await copy.sync()

    # As the registry's merge records it: both files, one event each.
    await copy.registry.append(
        survivor_id,
        [
            PersonsMerged(
                office=COMMUNITY_A,
                absorbed_person_id=duplicate_id,
                tags_added=["disabled"],
            )
        ],
    )
    await copy.registry.append(
        duplicate_id,
        [PersonMergedInto(office=COMMUNITY_A, surviving_person_id=survivor_id)],
    )
    await copy.sync()

    assert await living_person(copy.pool, survivor_id) == _as_copied(
        survivor, tags=["disabled", "retiree"]
    )


# --- households and offices ---------------------------------------------------------


async def test_a_household_lists_its_living_members_and_knows_its_office(
    copy: Copy,
) -> None:
    head, spouse, child, grandma = (
        registration(COMMUNITY_A, name) for name in ("户主", "配偶", "子女", "祖母")
    )
    ids = await _register(copy.registry, head, spouse, child, grandma)
    head_id, spouse_id, child_id, grandma_id = ids
    household_id = await copy.registry.household(COMMUNITY_A, head_id, [spouse_id])
    await copy.sync()
    registered = await household_members(copy.pool, household_id)

    await copy.registry.add_member(household_id, COMMUNITY_A, child_id)
    await copy.registry.add_member(household_id, COMMUNITY_A, grandma_id)
    await copy.registry.remove_member(household_id, COMMUNITY_A, spouse_id)
    await copy.registry.died(grandma_id, COMMUNITY_A, date(2026, 10, 1))
    await copy.sync()

    member = {"household_id": household_id}
    assert registered == sorted(
        [_as_copied(head, **member), _as_copied(spouse, **member)],
        key=lambda p: p.person_id,
    )
    assert await household_members(copy.pool, household_id) == sorted(
        [_as_copied(head, **member), _as_copied(child, **member)],
        key=lambda p: p.person_id,
    )
    assert await find_person(copy.pool, spouse_id) == _as_copied(spouse)
    assert await find_person(copy.pool, grandma_id) == _as_copied(
        grandma, household_id=household_id, alive=False
    )
    assert await household_office(copy.pool, household_id) == COMMUNITY_A
    assert await household_office(copy.pool, "household-nowhere") is None
    assert await household_members(copy.pool, "household-nowhere") == []


async def test_a_member_who_leaves_to_head_a_new_household_is_listed_there_only(
    copy: Copy,
) -> None:
    head, mover = (
        registration(COMMUNITY_A, "户主"),
        registration(COMMUNITY_A, "分户人"),
    )
    head_id, mover_id = await _register(copy.registry, head, mover)
    old = await copy.registry.household(COMMUNITY_A, head_id, [mover_id])
    await copy.sync()

    # 分户: the registry removes them from the old household before the new one.
    await copy.registry.remove_member(old, COMMUNITY_A, mover_id)
    new = await copy.registry.household(COMMUNITY_A2, mover_id)
    await copy.sync()

    assert await household_members(copy.pool, old) == [
        _as_copied(head, household_id=old)
    ]
    assert await household_members(copy.pool, new) == [
        _as_copied(mover, household_id=new)
    ]
    assert (
        await household_office(copy.pool, old),
        await household_office(copy.pool, new),
    ) == (COMMUNITY_A, COMMUNITY_A2)


async def test_offices_are_named_as_opened_and_as_renamed(copy: Copy) -> None:
    west = "441900102002"
    await copy.registry.start(
        [
            NewStream(
                "office",
                west,
                [
                    OfficeOpened(
                        code=west,
                        name="西城社区",
                        kind="community",
                        parent_code="441900102000",
                    )
                ],
            )
        ]
    )
    await copy.registry.append(
        COMMUNITY_A,
        [OfficeRenamed(previous_name=f"office {COMMUNITY_A}", name="东向社区")],
    )
    await copy.sync()

    names = await office_names(copy.pool, [DISTRICT, COMMUNITY_A, west, "441900999999"])

    assert names == {
        DISTRICT: f"office {DISTRICT}",
        COMMUNITY_A: "东向社区",
        west: "西城社区",
    }
    assert await office_names(copy.pool, []) == {}


# --- reactions ----------------------------------------------------------------------


def _seen(changes: Sequence[Change]) -> list[tuple[str, Event, str | None]]:
    return [(c.envelope.stream_id, c.event, c.household_before) for c in changes]


OFFICES_OPENED: list[tuple[str, Event, str | None]] = [
    (
        code,
        OfficeOpened(code=code, name=f"office {code}", kind=kind, parent_code=up),
        None,
    )
    for code, kind, up in OFFICES
]


async def test_react_is_given_each_change_once_typed_with_the_household_before_it(
    reacting: Copy,
) -> None:
    registry = reacting.registry
    head, child = registration(COMMUNITY_A, "户主"), registration(COMMUNITY_A, "子女")
    head_id, child_id = await _register(registry, head, child)
    household_id = await registry.household(COMMUNITY_A, head_id)
    await registry.add_member(household_id, COMMUNITY_A, child_id)
    await registry.move(child_id, COMMUNITY_A, COMMUNITY_B)
    await registry.tag(head_id, COMMUNITY_A, ["retiree"])
    await registry.remove_member(household_id, COMMUNITY_A, child_id)
    await registry.died(child_id, COMMUNITY_B, date(2026, 11, 1))

    await reacting.sync()

    h = household_id
    assert _seen(reacting.changes) == [
        *OFFICES_OPENED,
        (head_id, head, None),
        (child_id, child, None),
        (
            h,
            HouseholdRegistered(
                household_id=h,
                head_person_id=head_id,
                address="示范路1号",
                office=COMMUNITY_A,
            ),
            h,
        ),
        (
            h,
            HouseholdMemberAdded(
                office=COMMUNITY_A, person_id=child_id, relationship="child"
            ),
            h,
        ),
        (
            child_id,
            PersonMoved(
                from_office=COMMUNITY_A,
                to_office=COMMUNITY_B,
                kind="to_street",
                address="新地址2号",
            ),
            h,
        ),
        (
            head_id,
            PersonTagsChanged(office=COMMUNITY_A, added=["retiree"], removed=[]),
            h,
        ),
        (
            h,
            HouseholdMemberRemoved(
                office=COMMUNITY_A, person_id=child_id, reason="moved out"
            ),
            h,
        ),
        (
            child_id,
            PersonDied(office=COMMUNITY_B, date_of_death=date(2026, 11, 1)),
            None,
        ),
    ]
    assert await reacting.reactions() == [_note(c) for c in reacting.changes]


async def test_a_reaction_sees_the_copy_updated_and_commits_or_fails_with_it(
    start_copy: StartCopy,
) -> None:
    seen: list[Person | None] = []

    def fails_on_death(changes: list[Change]) -> Reaction:
        async def react(
            store: EventStore, conn: asyncpg.Connection, change: Change
        ) -> None:
            changes.append(change)
            if change.envelope.stream_type == "person":
                seen.append(await find_person(conn, change.envelope.stream_id))
            await _note_it(store, conn, change)
            if isinstance(change.event, PersonDied):
                raise RuntimeError("no case to close")

        return react

    async with start_copy(fails_on_death) as copy:
        qian = registration(COMMUNITY_A, "钱多")
        [person_id] = await _register(copy.registry, qian)
        await copy.sync()
        await copy.registry.move(person_id, COMMUNITY_A, COMMUNITY_B)
        await copy.registry.died(person_id, COMMUNITY_B, date(2026, 11, 1))
        await copy.sync()

        moved = _as_copied(qian, office=COMMUNITY_B)
        # The reaction ran after each applier, on the projection's connection.
        assert seen[:2] == [_as_copied(qian), moved]
        # The death's reaction failed: its note and the copy's update rolled back
        # together, and the event is parked; the move before it stands.
        assert await find_person(copy.pool, person_id) == moved
        assert [
            (p.event_type, p.error, p.attempts) for p in await list_parked(copy.pool)
        ] == [("PersonDied", "RuntimeError: no case to close", 3)]
        assert await copy.reactions() == [
            *(f"OfficeOpened {code}" for code, _, _ in OFFICES),
            f"PersonRegistered {person_id}",
            f"PersonMoved {person_id}",
        ]


async def _tables(pool: asyncpg.Pool) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: [tuple(r) for r in await pool.fetch(f"SELECT * FROM {table} ORDER BY 1")]
        for table in ("people", "people_households", "people_offices")
    }


async def test_a_rebuild_rebuilds_the_tables_but_runs_no_reaction_again(
    reacting: Copy,
) -> None:
    registry = reacting.registry
    head, child = registration(COMMUNITY_A, "户主"), registration(COMMUNITY_A, "子女")
    head_id, child_id = await _register(registry, head, child)
    household_id = await registry.household(COMMUNITY_A, head_id, [child_id])
    await registry.move(child_id, COMMUNITY_A, COMMUNITY_A2)
    await registry.tag(head_id, COMMUNITY_A, ["retiree"])
    await reacting.sync()
    live = await _tables(reacting.pool)
    changes, reactions = list(reacting.changes), await reacting.reactions()
    # Whatever happened to the tables since, a rebuild makes them from the events.
    await reacting.pool.execute("UPDATE people SET name = 'stale', office = 'x'")
    await reacting.pool.execute("TRUNCATE people_households, people_offices")

    replayed = await reacting.runner.rebuild()

    assert replayed == len(OFFICES) + 6
    assert await _tables(reacting.pool) == live
    assert reacting.changes == changes
    assert await reacting.reactions() == reactions
    assert await find_person(reacting.pool, child_id) == _as_copied(
        child, office=COMMUNITY_A2, household_id=household_id
    )

    # An event after the rebuild is reacted to, once, even after another rebuild.
    await registry.died(child_id, COMMUNITY_A2, date(2026, 11, 1))
    await reacting.sync()
    await reacting.runner.rebuild()

    died = PersonDied(office=COMMUNITY_A2, date_of_death=date(2026, 11, 1))
    assert _seen(reacting.changes) == [*_seen(changes), (child_id, died, household_id)]
    assert await reacting.reactions() == [*reactions, f"PersonDied {child_id}"]
    assert await find_person(reacting.pool, child_id) == _as_copied(
        child, office=COMMUNITY_A2, household_id=household_id, alive=False
    )


async def test_an_event_not_yet_applied_when_a_rebuild_begins_is_still_reacted_to(
    reacting: Copy,
) -> None:
    feng = registration(COMMUNITY_A, "冯远")
    [person_id] = await _register(reacting.registry, feng)
    await reacting.sync()

    # The move is recorded and published, but the copy has not applied it yet.
    await reacting.registry.move(person_id, COMMUNITY_A, COMMUNITY_B)
    await reacting.registry.publish()
    await reacting.runner.rebuild()

    assert await find_person(reacting.pool, person_id) == _as_copied(
        feng, office=COMMUNITY_B
    )
    assert (await reacting.reactions())[-1] == f"PersonMoved {person_id}"
