"""The key ring against a real key table: keys, sealing, erasure, digests, masters."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import date
from typing import Annotated, Any, Literal

import pytest
from cryptography.exceptions import InvalidTag

from shequ.contracts import Event
from shequ.contracts.personal import (
    ERASED_DATE,
    ERASED_NAME,
    PERSONAL,
    PERSONAL_NAME,
    SEALED,
    Personal,
    personal_fields,
)
from shequ.keyring import (
    KeyRing,
    KeysNotPrepared,
    MasterKeyError,
    SubjectErased,
    master_key,
    new_master_key,
    seal_events,
    shared,
)

OTHER_MASTER = bytes(range(32, 64))
# conftest's ``rings``: ``async with rings() as ring`` (``rings(master)``: another key)
RingMaker = Callable[..., AbstractAsyncContextManager[KeyRing]]


class ResidentNoted(Event):
    """A sample event with personal fields; its subject is ``person_id``."""

    type: Literal["ResidentNoted"] = "ResidentNoted"
    stream_type = "resident"
    person_id: str
    office: str
    name: Annotated[str, PERSONAL_NAME]
    phone: Annotated[str | None, PERSONAL]
    birth_date: Annotated[date, Personal(erased=ERASED_DATE)]


def noted(person_id: str = "p-1", name: str = "张三") -> ResidentNoted:
    return ResidentNoted(
        person_id=person_id,
        office="441900101001",
        name=name,
        phone="13800138000",
        birth_date=date(1980, 5, 17),
    )


async def stored(ring: KeyRing, event: ResidentNoted) -> dict[str, Any]:
    """``event``'s payload as the store would keep it."""
    (text,) = await seal_events(ring, [f"stream-{event.person_id}"], [event])
    payload: dict[str, Any] = json.loads(text)
    return payload


async def opened(ring: KeyRing, payload: dict[str, Any]) -> dict[str, Any]:
    await ring.prepare([payload])
    return ring.open("ResidentNoted", payload, personal_fields(ResidentNoted))


PLAIN = {
    "person_id": "p-1",
    "office": "441900101001",
    "name": "张三",
    "phone": "13800138000",
    "birth_date": "1980-05-17",
}
ERASED = PLAIN | {"name": ERASED_NAME, "phone": None, "birth_date": ERASED_DATE}


async def rows(ring: KeyRing) -> list[tuple[str, bool, bool]]:
    """(subject, has a key, erased_at set) of every row of the key table."""
    found = await ring.pool.fetch(
        """SELECT subject, wrapped IS NOT NULL, erased_at IS NOT NULL
           FROM subject_keys ORDER BY subject"""
    )
    return [tuple(row) for row in found]


class TestKeys:
    async def test_two_writers_of_a_new_subject_get_the_same_one_key(
        self, rings: RingMaker
    ) -> None:
        async with rings() as first, rings() as second:
            for round_ in range(5):  # each round a fresh race on new subjects
                subjects = [f"p-{round_}-{n:02}" for n in range(20)]
                a, b = await asyncio.gather(
                    first.keys_for_writing(subjects),
                    second.keys_for_writing(reversed(subjects)),
                )
                assert a == b
            assert len(await rows(first)) == 100

    async def test_a_subject_has_one_key_row_however_often_keys_are_asked_for(
        self, rings: RingMaker
    ) -> None:
        async with rings() as first, rings() as second:
            await asyncio.gather(
                *(r.keys_for_writing(["p-1"]) for r in (first, second) * 4)
            )

            assert await rows(first) == [("p-1", True, False)]

    async def test_concurrent_appends_each_get_their_subjects_key(
        self, ring: KeyRing
    ) -> None:
        asked = await asyncio.gather(
            *(ring.keys_for_writing([f"p-{n:02}", "p-shared"]) for n in range(50))
        )

        assert len({keys[f"p-{n:02}"] for n, keys in enumerate(asked)}) == 50
        assert len({keys["p-shared"] for keys in asked}) == 1
        assert len(await rows(ring)) == 51

    async def test_an_erased_subject_fails_only_the_append_that_names_it(
        self, ring: KeyRing
    ) -> None:
        await ring.erase(["p-1"])

        erased, other = await asyncio.gather(
            ring.keys_for_writing(["p-1"]),
            ring.keys_for_writing(["p-2"]),
            return_exceptions=True,
        )

        assert isinstance(erased, SubjectErased)
        assert isinstance(other, dict)
        assert list(other) == ["p-2"]

    async def test_a_key_ring_under_another_master_cannot_read_the_keys(
        self, rings: RingMaker
    ) -> None:
        async with rings() as ours, rings(OTHER_MASTER) as theirs:
            await ours.keys_for_writing(["p-1"])

            with pytest.raises(MasterKeyError, match="p-1 was not wrapped by this"):
                await theirs.prepare_subjects(["p-1"])
            with pytest.raises(MasterKeyError):
                await theirs.keys_for_writing(["p-1"])


class TestSealing:
    async def test_a_sealed_payload_holds_no_personal_value_and_opens_to_them(
        self, ring: KeyRing
    ) -> None:
        payload = await stored(ring, noted())

        assert set(payload) == {"person_id", "office", SEALED}
        assert payload[SEALED]["subject"] == "p-1"
        assert payload[SEALED]["fields"] == ["name", "phone", "birth_date"]
        for value in ("张三", "13800138000", "1980-05-17"):
            assert value not in json.dumps(payload, ensure_ascii=False)
        assert await opened(ring, payload) == PLAIN

    async def test_an_event_without_personal_fields_is_stored_as_it_is(
        self, ring: KeyRing
    ) -> None:
        class Plain(Event):
            type: Literal["Plain"] = "Plain"
            text: str

        assert await seal_events(ring, ["s-1"], [Plain(text="x")]) == ['{"text":"x"}']
        assert await rows(ring) == []

    async def test_a_changed_byte_of_a_box_fails_to_open(self, ring: KeyRing) -> None:
        payload = await stored(ring, noted())
        box = bytearray(base64.b64decode(payload[SEALED]["box"]))
        box[20] ^= 1
        payload[SEALED]["box"] = base64.b64encode(box).decode()

        with pytest.raises(InvalidTag):
            await opened(ring, payload)

    async def test_a_box_moved_to_another_subjects_event_fails_to_open(
        self, ring: KeyRing
    ) -> None:
        theirs = await stored(ring, noted("p-1"))
        ours = await stored(ring, noted("p-2", name="李四"))
        ours[SEALED]["box"] = theirs[SEALED]["box"]

        with pytest.raises(InvalidTag):
            await opened(ring, ours)

    async def test_a_box_moved_to_another_event_type_fails_to_open(
        self, ring: KeyRing
    ) -> None:
        payload = await stored(ring, noted())
        await ring.prepare([payload])

        with pytest.raises(InvalidTag):
            ring.open("OtherEvent", payload, personal_fields(ResidentNoted))

    async def test_opening_before_the_keys_are_fetched_is_a_bug_said_plainly(
        self, rings: RingMaker
    ) -> None:
        async with rings() as writer, rings() as reader:
            payload = await stored(writer, noted())

            with pytest.raises(KeysNotPrepared, match="p-1"):
                reader.open("ResidentNoted", payload, personal_fields(ResidentNoted))

    async def test_a_sealed_value_for_a_read_model_opens_until_erased(
        self, ring: KeyRing
    ) -> None:
        sealed = await ring.seal_text("p-1", "广东省东莞市")
        await ring.prepare_subjects(["p-1"])
        before = ring.open_text("p-1", sealed)
        await ring.erase(["p-1"])

        assert (before, ring.open_text("p-1", sealed)) == ("广东省东莞市", None)
        assert "广东省东莞市" not in sealed


class TestErasure:
    async def test_erasing_destroys_the_key_and_keeps_a_dated_row(
        self, ring: KeyRing
    ) -> None:
        await ring.keys_for_writing(["p-1", "p-2"])

        destroyed = await ring.erase(["p-1"])

        assert destroyed == 1
        assert await rows(ring) == [("p-1", False, True), ("p-2", True, False)]
        assert await ring.erased(["p-1", "p-2"]) == {"p-1"}

    async def test_erasing_twice_destroys_nothing_more(self, ring: KeyRing) -> None:
        await ring.keys_for_writing(["p-1"])
        await ring.erase(["p-1"])
        erased_at = await ring.pool.fetchval("SELECT erased_at FROM subject_keys")

        again = await ring.erase(["p-1"])

        assert again == 0
        assert await ring.pool.fetchval("SELECT erased_at FROM subject_keys") == (
            erased_at
        )

    async def test_erasing_an_unknown_subject_leaves_a_tombstone(
        self, ring: KeyRing
    ) -> None:
        await ring.erase(["p-9"])

        assert await rows(ring) == [("p-9", False, True)]
        with pytest.raises(SubjectErased) as refused:
            await ring.keys_for_writing(["p-9"])
        assert refused.value.subject == "p-9"

    async def test_nothing_personal_is_written_for_an_erased_subject(
        self, rings: RingMaker
    ) -> None:
        async with rings() as eraser:
            async with rings() as writer:
                await writer.keys_for_writing(["p-1"])
            await eraser.erase(["p-1"])
            # A writer whose cached key has lapsed (KEEP_SECONDS), here a new one.
            async with rings() as writer:
                with pytest.raises(SubjectErased):
                    await writer.keys_for_writing(["p-1", "p-2"])
                with pytest.raises(SubjectErased):
                    await seal_events(writer, ["s"], [noted("p-1")])

    async def test_an_erased_subjects_payload_opens_as_the_erased_values(
        self, rings: RingMaker
    ) -> None:
        async with rings() as ring, rings() as other:
            payload = await stored(ring, noted())
            await ring.erase(["p-1"])

            assert await opened(ring, payload) == ERASED
            assert await opened(other, payload) == ERASED
            assert other.is_erased("p-1")

    async def test_a_subject_with_no_row_reads_as_erased(self, ring: KeyRing) -> None:
        await ring.prepare_subjects(["p-404"])

        assert ring.is_erased("p-404")


class TestMasterKey:
    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("not base64!", "not base64"),
            (base64.b64encode(bytes(16)).decode(), "holds 16 bytes, not 32"),
            (base64.b64encode(bytes(33)).decode(), "holds 33 bytes, not 32"),
            ("", "holds 0 bytes"),
        ],
    )
    def test_a_master_key_that_is_not_32_bytes_of_base64_is_refused(
        self, text: str, reason: str
    ) -> None:
        with pytest.raises(MasterKeyError, match=reason):
            master_key(text)
        with pytest.raises(MasterKeyError):
            shared("postgresql://nowhere/x", text)

    def test_a_new_master_key_is_32_bytes_of_base64(self) -> None:
        text = new_master_key()

        assert len(master_key(text)) == 32
        assert master_key(f" {text}\n") == master_key(text)
        assert new_master_key() != text


class TestDigests:
    async def test_a_digest_is_stable_and_differs_by_kind_and_master(
        self, rings: RingMaker
    ) -> None:
        async with rings() as ring, rings() as same, rings(OTHER_MASTER) as other:
            phone = ring.digest("phone", "13800138000")

            assert same.digest("phone", "13800138000") == phone
            assert len(phone) == 32
            assert ring.digest("document", "13800138000") != phone
            assert ring.digest("phone", "13800138001") != phone
            assert other.digest("phone", "13800138000") != phone
            assert b"13800138000" not in phone
