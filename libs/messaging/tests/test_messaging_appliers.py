"""Typed appliers: each function is registered for the event its annotation names."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from shequ.contracts import CatalogError, Event, EventEnvelope
from shequ.contracts.registry import PersonDied, PersonMoved, PersonTagsChanged
from shequ.messaging import Appliers, decode_event
from shequ.testing.feeds import envelope_of

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def envelope(event: Event, stream_id: str = "person-1") -> EventEnvelope:
    return envelope_of(event, stream_id, at=T0)


MOVED = PersonMoved(
    from_office="441900003001",
    to_office="441900003002",
    kind="to_community",
    address="东向路 1 号",
)
DIED = PersonDied(office="441900003001", date_of_death=date(2026, 12, 1))


def test_an_applier_receives_the_typed_event_its_annotation_names() -> None:
    seen: list[tuple[str, Any]] = []
    apply: Appliers[list[tuple[str, Any]], None] = Appliers()

    @apply.on
    def _moved(into: list[tuple[str, Any]], e: PersonMoved, env: EventEnvelope) -> None:
        into.append((env.stream_id, e))

    apply.apply(seen, envelope(MOVED))

    assert seen == [("person-1", MOVED)]


def test_a_union_annotation_registers_each_member() -> None:
    seen: list[Event] = []
    apply: Appliers[list[Event], None] = Appliers()

    @apply.on
    def _gone(into: list[Event], e: PersonMoved | PersonDied, _: EventEnvelope) -> None:
        into.append(e)

    apply.apply(seen, envelope(MOVED))
    apply.apply(seen, envelope(DIED))

    assert seen == [MOVED, DIED]


def test_an_event_without_an_applier_is_not_handled() -> None:
    apply: Appliers[None, None] = Appliers()

    @apply.on
    def _died(_: None, e: PersonDied, env: EventEnvelope) -> None:
        return None

    assert (apply.handles(envelope(DIED)), apply.handles(envelope(MOVED))) == (
        True,
        False,
    )


def test_two_appliers_for_one_event_are_refused() -> None:
    apply: Appliers[None, None] = Appliers()

    @apply.on
    def _first(_: None, e: PersonDied, env: EventEnvelope) -> None:
        return None

    def _second(_: None, e: PersonDied, env: EventEnvelope) -> None:
        return None

    with pytest.raises(ValueError, match="PersonDied already has an applier"):
        apply.on(_second)


def test_merging_refuses_an_event_applied_twice() -> None:
    first: Appliers[None, None] = Appliers()
    second: Appliers[None, None] = Appliers()

    def _died(_: None, e: PersonDied, env: EventEnvelope) -> None:
        return None

    first.on(_died)
    second.on(_died)

    with pytest.raises(ValueError, match="PersonDied has two appliers"):
        first.merged(second)


def test_an_annotation_that_is_not_an_event_model_is_refused() -> None:
    apply: Appliers[None, None] = Appliers()

    def _wrong(_: None, e: dict[str, Any], env: EventEnvelope) -> None:
        return None

    with pytest.raises(TypeError, match="is not an event model"):
        apply.on(_wrong)


def test_decoding_gives_the_contract_model() -> None:
    tags = PersonTagsChanged(office="441900003001", added=["student"], removed=[])

    assert decode_event(envelope(tags)) == tags


def test_a_payload_that_breaks_its_contract_is_refused_naming_the_field() -> None:
    broken = envelope(DIED).model_copy(update={"data": {"office": "441900003001"}})

    with pytest.raises(CatalogError) as refused:
        decode_event(broken)

    assert refused.value.errors == [
        {"field": "date_of_death", "message": "Field required"}
    ]
