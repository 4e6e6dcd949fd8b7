import pytest

from shequ.access import (
    AccessDenied,
    Actor,
    OfficeCode,
    Role,
    require_office,
    require_role,
)


def _actor(office: str = "441900101000", *roles: Role) -> Actor:
    return Actor(
        staff_id="s-1",
        office=OfficeCode(office),
        roles=frozenset(roles or {Role.STREET_ADMIN}),
    )


def test_an_actor_sees_its_own_subtree_only() -> None:
    actor = _actor()

    seen = [actor.can_see(c) for c in ("441900101007", "441900102007", "441900000000")]

    assert seen == [True, False, False]


def test_require_office_refuses_an_office_outside_the_subtree() -> None:
    with pytest.raises(AccessDenied) as caught:
        require_office(_actor(), "441900102007")

    assert caught.value.reason == (
        "office 441900102007 is outside the subtree of office 441900101000"
    )


def test_require_office_accepts_an_office_inside_the_subtree() -> None:
    require_office(_actor(), "441900101007")  # does not raise


def test_has_any_is_true_when_one_role_matches() -> None:
    actor = _actor("441900101000", Role.AUDITOR, Role.MEDIATOR)

    assert (actor.has_any(Role.MEDIATOR, Role.REHAB_WORKER), actor.has_any()) == (
        True,
        False,
    )


def test_require_role_names_the_roles_wanted() -> None:
    with pytest.raises(AccessDenied) as caught:
        require_role(_actor(), Role.REHAB_WORKER, Role.ANTI_DRUG_OFFICE)

    assert caught.value.reason == (
        "staff s-1 holds none of the roles: anti-drug office, community"
        " rehabilitation worker"
    )


def test_an_actor_is_built_from_plain_claim_values() -> None:
    actor = Actor.model_validate(
        {"staff_id": "s-1", "office": "441900101000", "roles": ["street_admin"]}
    )

    assert actor == _actor()
