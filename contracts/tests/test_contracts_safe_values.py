"""Events refuse values that would poison a read model; history reads as written."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, ValidationError

from shequ.contracts import Event, EventCatalog


class Slot(BaseModel):
    place: str


class VisitPlanned(Event):
    type: Literal["VisitPlanned"] = "VisitPlanned"
    name: str
    visitors: int = 1
    notes: tuple[str, ...] = ()
    slot: Slot | None = None


CATALOG = EventCatalog("visits", [VisitPlanned])


def _refusal(**fields: object) -> str:
    with pytest.raises(ValidationError) as refused:
        VisitPlanned(**fields)
    return str(refused.value.errors()[0]["msg"])


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"name": "李\x00四"}, "name contains the control character U+0000"),
        ({"name": "李\ud800"}, "name contains the control character U+D800"),
        ({"name": "x" * 4001}, "name is longer than 4000 characters"),
        ({"name": "李四", "visitors": 10**30}, f"visitors is outside ±{2**53 - 1}"),
        (
            {"name": "李四", "notes": ("ok", "\x1b[31m")},
            "notes contains the control character U+001B",
        ),
        (
            {"name": "李四", "slot": Slot(place="\x7f")},
            "slot contains the control character U+007F",
        ),
    ],
)
def test_an_unsafe_value_is_refused_naming_its_field(
    fields: dict[str, object], reason: str
) -> None:
    assert _refusal(**fields) == reason


def test_multi_line_text_is_allowed() -> None:
    note = "一\n二\r\n三\t"

    assert VisitPlanned(name="李四", notes=(note,)).notes == (note,)


def test_an_event_stored_before_the_rule_still_reads_as_written() -> None:
    stored = '{"name": "李\\u0000四", "visitors": 1, "notes": [], "slot": null}'

    event = CATALOG.decode_json("VisitPlanned", 1, stored)

    assert event == VisitPlanned.model_construct(
        name="李\x00四", visitors=1, notes=(), slot=None
    )
