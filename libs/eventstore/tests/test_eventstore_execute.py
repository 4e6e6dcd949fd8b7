"""execute: a keyed command's retry gets its first result; a key is one request's."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from shequ.contracts import Conflict
from shequ.eventstore import Decider, EventStore, Metadata, execute
from shequ.testing.sample import T0, CaseOpened


@dataclass(frozen=True, kw_only=True)
class OpenCase:
    title: str


def _decide(command: OpenCase, opened: bool) -> list[CaseOpened]:
    return [] if opened else [CaseOpened(title=command.title)]


DECIDER: Decider[OpenCase, bool, CaseOpened] = Decider(
    "case", False, _decide, lambda _, __: True
)


async def _open(store: EventStore, stream_id: str, key: str) -> None:
    await execute(
        store,
        DECIDER,
        stream_id,
        OpenCase(title=stream_id),
        now=T0,
        metadata=Metadata(actor="staff-1", office="441900101001"),
        idempotency_key=key,
    )


async def test_a_key_first_used_on_another_stream_is_refused_naming_the_header(
    store: EventStore,
) -> None:
    await _open(store, "case-1", "k-1")

    with pytest.raises(Conflict) as refused:
        await _open(store, "case-2", "k-1")

    assert (refused.value.field, refused.value.message) == (
        "header.Idempotency-Key",
        "this Idempotency-Key was used for another request (case-1)",
    )
    assert await store.pool.fetchval("SELECT count(*) FROM events") == 1
