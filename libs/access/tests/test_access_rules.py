"""A service's access rules as a matrix: role × office → allowed or refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shequ.access import AccessDenied, AccessRules, Actor, OfficeCode, Role

COMMUNITY = "441900003001"
NEIGHBOUR = "441900003002"
STREET = "441900003000"
OTHER_STREET = "441900004001"

RULES = AccessRules(
    writers=(Role.COMMUNITY_WORKER,),
    readers=(Role.AUDITOR,),
    restricted=(Role.REHAB_WORKER,),
)


def actor(role: Role, office: str = COMMUNITY) -> Actor:
    return Actor(staff_id="staff-1", office=OfficeCode(office), roles=frozenset({role}))


def allowed(check: Callable[[], None]) -> bool:
    try:
        check()
    except AccessDenied:
        return False
    return True


@pytest.mark.parametrize(
    ("role", "office", "write", "read", "restricted"),
    [
        (Role.COMMUNITY_WORKER, COMMUNITY, True, True, False),
        (Role.COMMUNITY_WORKER, NEIGHBOUR, False, False, False),
        (Role.AUDITOR, COMMUNITY, False, True, False),
        (Role.AUDITOR, OTHER_STREET, False, False, False),
        (Role.REHAB_WORKER, COMMUNITY, False, False, True),
        (Role.REHAB_WORKER, NEIGHBOUR, False, False, False),
        (Role.MEDIATOR, COMMUNITY, False, False, False),
    ],
)
def test_each_role_may_do_what_the_rules_name_within_its_subtree(
    role: Role, office: str, write: bool, read: bool, restricted: bool
) -> None:
    who = actor(role)

    assert (
        allowed(lambda: RULES.may_write(who, office)),
        allowed(lambda: RULES.may_read(who, office)),
        allowed(lambda: RULES.may_read_restricted(who, office)),
    ) == (write, read, restricted)


def test_writers_are_readers() -> None:
    assert RULES.readers == {Role.COMMUNITY_WORKER, Role.AUDITOR}


def test_a_street_reads_below_itself_by_default_or_within_a_community() -> None:
    street = actor(Role.AUDITOR, STREET)

    assert (
        RULES.reading_root(street, None),
        RULES.reading_root(street, OfficeCode(COMMUNITY)),
    ) == (STREET, COMMUNITY)


def test_reading_outside_the_subtree_is_refused_in_one_wording() -> None:
    with pytest.raises(AccessDenied) as refused:
        RULES.reading_root(actor(Role.AUDITOR), OfficeCode(OTHER_STREET))

    assert str(refused.value) == (
        f"office {OTHER_STREET} is outside the subtree of office {COMMUNITY}"
    )


def test_with_an_unknown_error_a_foreign_record_is_answered_as_unknown() -> None:
    unknown = LookupError("no person p-9")

    with pytest.raises(LookupError) as refused:
        RULES.may_read(actor(Role.AUDITOR), NEIGHBOUR, unknown=unknown)

    assert refused.value is unknown


def test_a_role_that_reads_nothing_here_is_refused_before_the_office_counts() -> None:
    with pytest.raises(AccessDenied):
        RULES.may_read(actor(Role.MEDIATOR), NEIGHBOUR, unknown=LookupError("x"))
