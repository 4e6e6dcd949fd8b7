import re

import pytest
from pydantic import BaseModel, ValidationError

from shequ.access import OfficeCode, OfficeLevel

DISTRICT = OfficeCode("441900000000")
STREET = OfficeCode("441900101000")
OTHER_STREET = OfficeCode("441900102000")
COMMUNITY = OfficeCode("441900101001")
OTHER_COMMUNITY = OfficeCode("441900101002")
GRID = OfficeCode("441900101001003")


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        (DISTRICT, OfficeLevel.DISTRICT, None),
        (STREET, OfficeLevel.STREET, DISTRICT),
        (COMMUNITY, OfficeLevel.COMMUNITY, STREET),
        (GRID, OfficeLevel.GRID, COMMUNITY),
    ],
)
def test_each_level_knows_its_parent(
    code: OfficeCode, level: OfficeLevel, parent: OfficeCode | None
) -> None:
    assert (code.level, code.parent) == (level, parent)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("44190010100", "office code must be 12 or 15 digits, got '44190010100'"),
        ("4419001010011", "office code must be 12 or 15 digits, got '4419001010011'"),
        ("44190010100a", "office code must be 12 or 15 digits, got '44190010100a'"),
        (
            "４４１９００１０１００１",
            "office code must be 12 or 15 digits, got '４４１９００１０１００１'",
        ),
        ("000000101001", "office code 000000101001 has no district"),
        (
            "441900000001",
            "office code 441900000001 has a non-zero part after a zero one",
        ),
        (
            "441900101000001",
            "office code 441900101000001 has a non-zero part after a zero one",
        ),
        (
            "441900101001000",
            "office code 441900101001000 has an empty grid part: use 12 digits",
        ),
    ],
)
def test_invalid_codes_are_refused_saying_why(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        OfficeCode(value)


def test_a_district_covers_its_streets_and_their_communities() -> None:
    covered = [DISTRICT.covers(c) for c in (DISTRICT, STREET, COMMUNITY, GRID)]

    assert covered == [True, True, True, True]


def test_a_street_does_not_cover_another_street_or_its_district() -> None:
    covered = [STREET.covers(c) for c in (OTHER_STREET, "441900102001", DISTRICT)]

    assert covered == [False, False, False]


def test_a_community_covers_its_grids_but_not_a_neighbour() -> None:
    covered = [COMMUNITY.covers(c) for c in (COMMUNITY, GRID, OTHER_COMMUNITY)]

    assert covered == [True, True, False]


def test_another_district_is_not_covered() -> None:
    assert DISTRICT.covers("441800101001") is False


class _Office(BaseModel):
    code: OfficeCode


def test_as_a_pydantic_field_it_validates_and_serialises_as_a_string() -> None:
    office = _Office.model_validate({"code": "441900101001"})

    assert (type(office.code), office.model_dump_json()) == (
        OfficeCode,
        '{"code":"441900101001"}',
    )


def test_as_a_pydantic_field_an_invalid_code_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        _Office.model_validate({"code": "441900000001"})

    assert [(e["loc"], e["msg"]) for e in caught.value.errors()] == [
        (
            ("code",),
            "Value error, "
            "office code 441900000001 has a non-zero part after a zero one",
        )
    ]
