"""New aggregate ids: derived from the idempotency key, so a retry opens no second."""

from __future__ import annotations

from datetime import UTC, datetime

from shequ.access import Acting
from shequ.service import new_id, scoped_key

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
WORKER = Acting(staff_id="staff-1", office="441900003001", now=T0)
OTHER = Acting(staff_id="staff-2", office="441900003001", now=T0)


def test_a_retry_with_the_same_key_gets_the_same_id() -> None:
    assert new_id("person", WORKER, "k-1") == new_id("person", WORKER, "k-1")


def test_another_key_staff_member_or_kind_gets_another_id() -> None:
    ids = {
        new_id("person", WORKER, "k-1"),
        new_id("person", WORKER, "k-2"),
        new_id("person", OTHER, "k-1"),
        new_id("household", WORKER, "k-1"),
    }

    assert len(ids) == 4


def test_an_id_names_its_kind() -> None:
    assert new_id("household", WORKER, "k-1").startswith("household-")


def test_without_a_key_every_id_is_new() -> None:
    assert new_id("person", WORKER, None) != new_id("person", WORKER, None)


def test_keys_are_scoped_to_the_staff_member() -> None:
    assert scoped_key(WORKER, "k-1") == "staff-1:k-1"
