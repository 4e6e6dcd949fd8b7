"""Offices: opening beneath an open parent, renaming, closing, leadership groups."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shequ.contracts import BlankField, DomainError
from shequ.contracts.registry import (
    LeadershipGroupFormed,
    OfficeClosed,
    OfficeKind,
    OfficeOpened,
    OfficeRenamed,
)
from shequ.registry.domain.office import (
    DECIDER,
    CloseOffice,
    FormLeadershipGroup,
    Group,
    LeaderIsDeputy,
    Office,
    OfficeAlreadyOpened,
    OfficeHasOpenChildren,
    OfficeIsClosed,
    OfficeKindMismatch,
    OfficeNotFound,
    OpenOffice,
    ParentOfficeNotOpen,
    RenameOffice,
    decide,
)
from shequ.registry.domain.rules import Acting, InvalidOfficeCode

T0 = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
BY = Acting("staff-1", "441900000000", T0)
STREET = "441900101000"


def opened(
    code: str = STREET, name: str = "东城街道", kind: OfficeKind = "street"
) -> OfficeOpened:
    return OfficeOpened(code=code, name=name, kind=kind, parent_code="441900000000")


def open_office(
    code: str = STREET,
    name: str = "东城街道",
    kind: OfficeKind = "street",
    *,
    parent_open: bool = True,
) -> OpenOffice:
    return OpenOffice(code=code, name=name, kind=kind, parent_open=parent_open, by=BY)


def refusal(error: pytest.ExceptionInfo[DomainError]) -> tuple[type, str, str | None]:
    return type(error.value), error.value.message, error.value.field


class TestOpenOffice:
    def test_a_street_opens_beneath_its_open_district(self) -> None:
        events = decide(open_office(name=" 东城街道 "), None)

        assert events == [opened()]

    def test_a_district_has_no_parent_to_be_open(self) -> None:
        events = decide(
            open_office("441900000000", "东莞市", "district", parent_open=False), None
        )

        assert events == [
            OfficeOpened(
                code="441900000000", name="东莞市", kind="district", parent_code=None
            )
        ]

    def test_an_office_beneath_a_closed_or_unknown_parent_is_refused(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(
                open_office("441900101001", "石龙社区", "community", parent_open=False),
                None,
            )

        assert refusal(error) == (
            ParentOfficeNotOpen,
            "the parent office 441900101000 is not open: open it first",
            "code",
        )

    def test_a_kind_that_does_not_fit_the_level_of_the_code_is_refused(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(open_office(kind="village"), None)

        assert refusal(error) == (
            OfficeKindMismatch,
            "a street code names a street or town, not a village",
            "kind",
        )

    def test_a_code_that_is_no_division_code_is_refused(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(open_office("4419001010"), None)

        assert refusal(error) == (
            InvalidOfficeCode,
            "'4419001010' is not a division code: 12 digits (district, street,"
            " community), or 15 with a grid",
            "code",
        )

    def test_a_code_opened_before_is_never_reused_even_after_closing(self) -> None:
        state = DECIDER.fold([opened(), OfficeClosed(reason="merged")])

        with pytest.raises(DomainError) as error:
            decide(open_office(), state)

        assert refusal(error) == (
            OfficeAlreadyOpened,
            "office 441900101000 was opened before",
            "code",
        )


class TestRenameAndClose:
    def test_renaming_records_the_previous_name(self) -> None:
        events = decide(
            RenameOffice(name="东城街道办事处", by=BY), DECIDER.fold([opened()])
        )

        assert events == [
            OfficeRenamed(previous_name="东城街道", name="东城街道办事处")
        ]

    def test_renaming_to_the_same_name_changes_nothing(self) -> None:
        assert (
            decide(RenameOffice(name="东城街道", by=BY), DECIDER.fold([opened()])) == []
        )

    def test_a_closed_office_cannot_be_renamed(self) -> None:
        state = DECIDER.fold([opened(), OfficeClosed(reason="merged")])

        with pytest.raises(DomainError) as error:
            decide(RenameOffice(name="新名", by=BY), state)

        assert refusal(error) == (OfficeIsClosed, "office 441900101000 is closed", None)

    def test_a_closed_office_cannot_be_closed_again(self) -> None:
        state = DECIDER.fold([opened(), OfficeClosed(reason="merged")])

        with pytest.raises(OfficeIsClosed):
            decide(CloseOffice(reason="again", open_children=(), by=BY), state)

    def test_an_office_that_was_never_opened_cannot_be_renamed(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(RenameOffice(name="新名", by=BY), None)

        assert refusal(error) == (
            OfficeNotFound,
            "no office has been opened under this code",
            "code",
        )

    def test_closing_keeps_the_history_and_marks_the_office_closed(self) -> None:
        given = [opened(), OfficeRenamed(previous_name="东城街道", name="东城")]
        events = decide(
            CloseOffice(reason=" 撤并 ", open_children=(), by=BY), DECIDER.fold(given)
        )

        assert (events, DECIDER.fold([*given, *events])) == (
            [OfficeClosed(reason="撤并")],
            Office(code=STREET, name="东城", kind="street", status="closed"),
        )

    def test_an_office_is_not_closed_without_a_reason(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(
                CloseOffice(reason="  ", open_children=(), by=BY),
                DECIDER.fold([opened()]),
            )

        assert refusal(error) == (BlankField, "the reason must not be blank", "reason")

    def test_an_office_with_open_offices_beneath_cannot_close(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(
                CloseOffice(
                    reason="撤并", open_children=("441900101002", "441900101001"), by=BY
                ),
                DECIDER.fold([opened()]),
            )

        assert refusal(error) == (
            OfficeHasOpenChildren,
            "offices beneath are still open: 441900101001, 441900101002",
            None,
        )


class TestLeadershipGroups:
    def form(
        self, leader: str = "张书记", deputies: tuple[str, ...] = ("李主任",)
    ) -> FormLeadershipGroup:
        return FormLeadershipGroup(
            name="禁毒工作领导小组",
            leader=leader,
            deputies=deputies,
            member_departments=("派出所", "司法所", "派出所"),
            by=BY,
        )

    def test_a_group_names_its_leader_deputies_and_member_departments(self) -> None:
        events = decide(
            self.form(deputies=("李主任", " ", "王副主任")), DECIDER.fold([opened()])
        )

        assert events == [
            LeadershipGroupFormed(
                name="禁毒工作领导小组",
                leader="张书记",
                deputies=["李主任", "王副主任"],
                member_departments=["派出所", "司法所"],
            )
        ]

    def test_reforming_a_group_replaces_it_under_its_name(self) -> None:
        first = decide(self.form(), DECIDER.fold([opened()]))
        again = decide(self.form(leader="赵书记"), DECIDER.fold([opened(), *first]))

        assert DECIDER.fold([opened(), *first, *again]) == Office(
            code=STREET,
            name="东城街道",
            kind="street",
            groups={
                "禁毒工作领导小组": Group("赵书记", ("李主任",), ("派出所", "司法所"))
            },
        )

    def test_the_leader_cannot_also_be_a_deputy(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(self.form(deputies=("张书记",)), DECIDER.fold([opened()]))

        assert refusal(error) == (
            LeaderIsDeputy,
            "张书记 cannot be leader and deputy",
            "deputies",
        )
