"""Tokens that no longer hold: the deactivated's, those older than a role change."""

from __future__ import annotations

from datetime import UTC, datetime

from shequ.service._staff import Revocations, StaffTokens

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
ISSUED = int(T0.timestamp())


async def _nothing() -> Revocations:
    return Revocations()


def test_a_token_holds_while_nothing_changed() -> None:
    assert StaffTokens(_nothing).refusal("staff-1", ISSUED) is None


def test_a_deactivated_staff_members_tokens_are_refused() -> None:
    tokens = StaffTokens(_nothing)
    tokens.deactivated("staff-1")

    assert tokens.refusal("staff-1", ISSUED) == "staff staff-1 is no longer active"


def test_tokens_issued_before_a_role_change_are_refused_later_ones_hold() -> None:
    tokens = StaffTokens(_nothing)
    tokens.roles_changed("staff-1", T0)

    assert (
        tokens.refusal("staff-1", ISSUED - 1),
        tokens.refusal("staff-1", ISSUED),
    ) == (
        "the roles of staff staff-1 changed after this token was issued: sign in again",
        None,
    )


async def test_a_lagging_refresh_never_readmits_a_token() -> None:
    async def lagging() -> Revocations:
        return Revocations(roles_since={"staff-1": ISSUED - 100})

    tokens = StaffTokens(lagging)
    tokens.roles_changed("staff-1", T0)
    await tokens.refresh()

    assert tokens.refusal("staff-1", ISSUED - 1) is not None
