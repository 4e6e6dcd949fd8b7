"""The district-scale generator writes what the services themselves would have written.

bench/district_world.py bypasses the services' HTTP and deciders for speed (a bulk
append through each store); these checks hold it to what the deciders and contracts
would accept, so the figures measured on it are figures of a real district.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import pytest

# bench/ is the repository's folder of benchmarks, not an installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.district_world import (
    ABLE,
    RESIDENTS,
    Scale,
    community,
    community_code,
    events_per_community,
    offices,
)
from shequ.contracts.catalogs import all_catalogs
from shequ.contracts.employment import LabourStatusRecorded
from shequ.contracts.registry import PersonRegistered
from shequ.registry.domain.identity import parse_resident_id

CATALOGS = {catalog.service: catalog for catalog in all_catalogs()}
YEARS = 3
FIRST_YEAR = date.today().year - YEARS


@pytest.fixture(scope="module")
def place():  # type: ignore[no-untyped-def]
    return community(0, community_code(0, 0), YEARS, FIRST_YEAR)


def test_scales_name_a_part_of_the_two_hundred_communities() -> None:
    assert Scale.parse("district").communities == 200
    assert Scale.parse("street").communities == 10
    assert Scale.parse("1/50").communities == 4
    assert Scale.parse("district").streets == 20
    assert Scale.parse("district").residents == 1_000_000
    with pytest.raises(ValueError, match="between 1/200 and 1"):
        Scale.parse(str(Fraction(1, 1000)))


def test_the_district_holds_at_least_twenty_million_events() -> None:
    assert Scale.parse("district").events_expected() >= 20_000_000


def test_every_event_is_in_its_services_catalog_on_its_stream_type(place) -> None:  # type: ignore[no-untyped-def]
    for service, streams in place.streams.items():
        catalog = CATALOGS[service]
        for stream in streams:
            for event in stream.events:
                assert event.type in catalog, (service, event.type)
                assert event.stream_type == stream.stream_type
    assert place.events == events_per_community(YEARS)


def test_stream_ids_and_residents_are_unique_and_id_numbers_valid(place) -> None:  # type: ignore[no-untyped-def]
    ids = [s.stream_id for ss in place.streams.values() for s in ss]
    assert len(ids) == len(set(ids))
    people = [
        s.events[0]
        for s in place.streams["registry"]
        if isinstance(s.events[0], PersonRegistered)
    ]
    assert len(people) == RESIDENTS
    for person in people[:500]:
        assert person.document_number is not None
        parsed = parse_resident_id(person.document_number, date.today())
        assert parsed.birth_date == person.birth_date


def test_a_labour_profile_holds_only_changes_and_the_seeds_rate(place) -> None:  # type: ignore[no-untyped-def]
    """The decider records nothing when status and employer are unchanged."""
    last: dict[str, LabourStatusRecorded] = {}
    for stream in place.streams["employment"]:
        if stream.stream_type != "labour_profile":
            continue
        seen = [e for e in stream.events if isinstance(e, LabourStatusRecorded)]
        for before, after in pairwise(seen):
            assert (before.status, before.employer) != (after.status, after.employer)
            assert before.since <= after.since <= date.today()
        last[seen[0].person_id] = seen[-1]
    assert len(last) == ABLE
    unemployed = Counter(e.status for e in last.values())["unemployed"]
    rate = (ABLE - unemployed) / ABLE
    assert 0.96 <= rate <= 0.98  # seed 000 篇二: 97.05%


def test_offices_form_the_tree_of_streets_and_communities() -> None:
    opened = offices(Scale.parse("street"))
    kinds = Counter(s.events[0].kind for s in opened)  # type: ignore[attr-defined]
    assert kinds == {"district": 1, "street": 1, "community": 10}
