"""Masking personal data: the one rule every service shows numbers and names by."""

from __future__ import annotations

from shequ.access import mask_id, mask_name, mask_phone


def test_an_id_number_keeps_four_characters_at_each_end() -> None:
    assert mask_id("441900199003071238") == "4419**********1238"


def test_a_short_document_number_shows_less() -> None:
    assert mask_id("E12345678") == "E1*****78"


def test_a_mobile_number_hides_its_middle_four_digits() -> None:
    assert mask_phone("13812345678") == "138****5678"


def test_a_name_keeps_its_family_name() -> None:
    assert [mask_name(n) for n in ("张三丰", "王五", "李")] == ["张**", "王*", "李*"]
