"""Office codes (统计用区划代码): the division code every office and record carries.

Six digits name the district, three the street or town, three the community or village;
a grid (网格) appends three more. The hierarchy lives in the code itself, so whether one
office covers another is a prefix test and needs no lookup.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

# (width of each part, the level a code has when that part is the last non-zero one)
_PARTS = ((6, "district"), (3, "street"), (3, "community"), (3, "grid"))


class OfficeLevel(StrEnum):
    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"
    GRID = "grid"


def _split(code: str) -> list[str]:
    parts, start = [], 0
    for width, _ in _PARTS:
        if start < len(code):
            parts.append(code[start : start + width])
        start += width
    return parts


class OfficeCode(str):
    """A validated office code; compares and serialises as the plain digit string.

    Valid: digits only, 12 digits (district, street, community) or 15 (plus a grid),
    a non-zero district part, and no non-zero part after a zero one. A 15-digit code
    names a grid, so its grid part must be non-zero. ``ValueError`` otherwise, which
    pydantic reports as a validation error when the type is used as a field.
    """

    __slots__ = ()

    def __new__(cls, value: str) -> OfficeCode:
        if not (value.isascii() and value.isdigit()) or len(value) not in (12, 15):
            raise ValueError(f"office code must be 12 or 15 digits, got {value!r}")
        parts = _split(value)
        zero = [set(part) == {"0"} for part in parts]
        if zero[0]:
            raise ValueError(f"office code {value} has no district")
        if any(zero[i] and not zero[i + 1] for i in range(len(parts) - 1)):
            raise ValueError(
                f"office code {value} has a non-zero part after a zero one"
            )
        if len(parts) == 4 and zero[3]:
            raise ValueError(
                f"office code {value} has an empty grid part: use 12 digits"
            )
        return super().__new__(cls, value)

    @property
    def level(self) -> OfficeLevel:
        significant = [set(part) != {"0"} for part in _split(self)]
        return OfficeLevel(_PARTS[sum(significant) - 1][1])

    @property
    def subtree_prefix(self) -> str:
        """Every code in this office's subtree starts with this (for SQL LIKE)."""
        return self[: sum(width for width, _ in _PARTS[: self._depth])]

    @property
    def _depth(self) -> int:
        return list(OfficeLevel).index(self.level) + 1

    @property
    def parent(self) -> OfficeCode | None:
        """The office one level up; ``None`` for a district."""
        match self.level:
            case OfficeLevel.DISTRICT:
                return None
            case OfficeLevel.GRID:
                return OfficeCode(self[:12])
            case _:
                cut = sum(width for width, _ in _PARTS[: self._depth - 1])
                return OfficeCode(self[:cut].ljust(12, "0"))

    def covers(self, other: str) -> bool:
        """True when ``other`` is this office or lies in its subtree."""
        return OfficeCode(other).subtree_prefix.startswith(self.subtree_prefix)

    def __repr__(self) -> str:
        return f"OfficeCode({str(self)!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )
