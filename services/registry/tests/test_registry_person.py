"""A person file (一人一档): registration, corrections, tags, moves, death, merges."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from shequ.contracts import DomainError
from shequ.contracts.registry import (
    MoveKind,
    PersonDetailsCorrected,
    PersonDied,
    PersonMergedInto,
    PersonMoved,
    PersonRegistered,
    PersonsMerged,
    PersonTagsChanged,
)
from shequ.registry.domain.identity import DocumentType, IdCheckDigitWrong
from shequ.registry.domain.person import (
    DECIDER,
    AbsorbDuplicate,
    BirthDateContradictsId,
    CannotMergeWithItself,
    ChangeTags,
    CorrectDetails,
    DeathDateImpossible,
    DetailMissing,
    DifferentIdNumbers,
    FileMerged,
    IdDocument,
    KeepTheFileWithTheId,
    MergeInto,
    MovePerson,
    Person,
    PersonAlreadyRegistered,
    PersonDeceased,
    PersonNotFound,
    RecordDeath,
    RegisterPerson,
    TagAddedAndRemoved,
    decide,
    is_elderly,
)
from shequ.registry.domain.rules import Acting, NotAResidentsOffice, OfficeNotOpen

T0 = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)  # 31 March 2026 in China too
BY = Acting("staff-1", "441900101001", T0)
COMMUNITY = "441900101001"
MAN_1990 = "441900199003071238"  # born 1990-03-07, male
WOMAN_1966 = "441900196604010023"  # born 1966-04-01, female
OTHER_MAN = "441900198511110032"


def register(**changes: Any) -> RegisterPerson:
    fields: dict[str, Any] = {
        "person_id": "person-1",
        "name": "陈小明",
        "document": IdDocument(kind=DocumentType.RESIDENT_ID, number=MAN_1990),
        "birth_date": None,
        "sex": None,
        "phone": "138 1234 5678",
        "address": "石龙社区中山路1号",
        "office": COMMUNITY,
        "office_open": True,
        "residence": "registered",
        "tags": frozenset({"party_member"}),
        "by": BY,
    }
    return RegisterPerson(**{**fields, **changes})


def registered(**changes: Any) -> PersonRegistered:
    fields: dict[str, Any] = {
        "person_id": "person-1",
        "office": COMMUNITY,
        "name": "陈小明",
        "document_kind": "resident_id",
        "document_number": MAN_1990,
        "document_masked": "4419**********1238",
        "birth_date": date(1990, 3, 7),
        "sex": "male",
        "phone": "13812345678",
        "address": "石龙社区中山路1号",
        "residence": "registered",
        "tags": ["party_member"],
    }
    return PersonRegistered(**{**fields, **changes})


def without_id(**changes: Any) -> PersonRegistered:
    return registered(
        document_kind=None, document_number=None, document_masked=None, **changes
    )


def file(*events: Any) -> Person:
    state = DECIDER.fold(events or [registered()])
    assert state is not None
    return state


def refusal(error: pytest.ExceptionInfo[DomainError]) -> tuple[type, str, str | None]:
    return type(error.value), error.value.message, error.value.field


class TestRegisterPerson:
    def test_a_resident_id_gives_birth_date_and_sex_and_a_masked_copy(self) -> None:
        assert decide(register(), None) == [registered()]

    def test_without_a_document_birth_date_and_sex_are_taken_as_given(self) -> None:
        command = register(document=None, birth_date=date(1990, 3, 7), sex="male")

        assert decide(command, None) == [without_id()]

    def test_a_passport_holder_must_give_a_birth_date(self) -> None:
        command = register(
            document=IdDocument(kind=DocumentType.PASSPORT, number="E12345678")
        )

        with pytest.raises(DomainError) as error:
            decide(command, None)

        assert refusal(error) == (
            DetailMissing,
            "without a resident ID number the birth date must be given",
            "birth_date",
        )

    def test_a_birth_date_contradicting_the_id_number_is_refused(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(register(birth_date=date(1990, 3, 8)), None)

        assert refusal(error) == (
            BirthDateContradictsId,
            "the ID number gives birth date 1990-03-07, not 1990-03-08",
            "birth_date",
        )

    def test_a_sex_contradicting_the_id_number_is_refused(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(register(sex="female"), None)

        assert refusal(error) == (
            BirthDateContradictsId,
            "the ID number gives sex male, not female",
            "sex",
        )

    def test_a_wrong_check_digit_is_refused_naming_the_id_number(self) -> None:
        document = IdDocument(
            kind=DocumentType.RESIDENT_ID, number="441900199003071233"
        )

        with pytest.raises(DomainError) as error:
            decide(register(document=document), None)

        assert refusal(error) == (
            IdCheckDigitWrong,
            "check digit should be 8, not 3",
            "document_number",
        )

    def test_a_person_cannot_join_a_closed_office(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(register(office_open=False), None)

        assert refusal(error) == (
            OfficeNotOpen,
            "office 441900101001 is not open: it was closed or never opened",
            "office",
        )

    def test_a_person_belongs_to_a_community_not_to_a_street(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(register(office="441900101000"), None)

        assert refusal(error) == (
            NotAResidentsOffice,
            "office 441900101000 is a street office: people and homes belong to a"
            " community, village or grid",
            "office",
        )

    def test_a_file_cannot_be_registered_twice(self) -> None:
        with pytest.raises(PersonAlreadyRegistered):
            decide(register(), file())


class TestCorrectDetails:
    def test_only_the_details_that_change_are_recorded(self) -> None:
        command = CorrectDetails(
            reason="户口本为准", by=BY, name="陈晓明", address="石龙社区中山路1号"
        )

        assert decide(command, file()) == [
            PersonDetailsCorrected(office=COMMUNITY, name="陈晓明", reason="户口本为准")
        ]

    def test_a_birth_date_contradicting_the_id_number_is_refused(self) -> None:
        command = CorrectDetails(reason="登记错误", by=BY, birth_date=date(1991, 3, 7))

        with pytest.raises(BirthDateContradictsId):
            decide(command, file())

    def test_a_file_without_an_id_number_can_correct_sex(self) -> None:
        command = CorrectDetails(reason="登记错误", by=BY, sex="female")

        assert decide(command, file(without_id())) == [
            PersonDetailsCorrected(office=COMMUNITY, sex="female", reason="登记错误")
        ]

    def test_a_correction_that_changes_nothing_records_nothing(self) -> None:
        assert decide(CorrectDetails(reason="核对", by=BY, name="陈小明"), file()) == []


class TestTags:
    def test_a_tag_cannot_be_added_and_removed_at_once(self) -> None:
        command = ChangeTags(
            add=frozenset({"disabled", "party_member"}),
            remove=frozenset({"party_member", "student"}),
            by=BY,
        )

        with pytest.raises(DomainError) as error:
            decide(command, file())

        assert refusal(error) == (
            TagAddedAndRemoved,
            "tags both added and removed: party_member",
            "tags",
        )

    def test_only_tags_actually_added_or_removed_are_recorded(self) -> None:
        command = ChangeTags(
            add=frozenset({"disabled", "subsistence_allowance"}),
            remove=frozenset({"party_member", "student"}),
            by=BY,
        )

        assert decide(command, file()) == [
            PersonTagsChanged(
                office=COMMUNITY,
                added=["disabled", "subsistence_allowance"],
                removed=["party_member"],
            )
        ]

    def test_being_elderly_starts_on_the_sixtieth_birthday(self) -> None:
        person = file(
            registered(
                document_number=WOMAN_1966, birth_date=date(1966, 4, 1), sex="female"
            )
        )

        assert [
            is_elderly(person, date(2026, 3, 31)),
            is_elderly(person, date(2026, 4, 1)),
        ] == [False, True]


class TestMovePerson:
    @pytest.mark.parametrize(
        ("to_office", "kind"),
        [
            ("441900101001", "within_community"),
            ("441900101001001", "within_community"),
            ("441900101002", "to_community"),
            ("441900102001", "to_street"),
            ("441901101001", "to_street"),
        ],
    )
    def test_the_kind_of_move_is_read_from_the_office_codes(
        self, to_office: str, kind: MoveKind
    ) -> None:
        command = MovePerson(
            to_office=to_office, target_open=True, address="新村2号", by=BY
        )

        assert decide(command, file()) == [
            PersonMoved(
                from_office=COMMUNITY, to_office=to_office, kind=kind, address="新村2号"
            )
        ]

    def test_a_move_to_a_closed_office_is_refused(self) -> None:
        command = MovePerson(
            to_office="441900101002", target_open=False, address="新村2号", by=BY
        )

        with pytest.raises(DomainError) as error:
            decide(command, file())

        assert refusal(error) == (
            OfficeNotOpen,
            "office 441900101002 is not open: it was closed or never opened",
            "to_office",
        )

    def test_a_deceased_person_cannot_move(self) -> None:
        given = file(
            registered(), PersonDied(office=COMMUNITY, date_of_death=date(2025, 1, 2))
        )
        command = MovePerson(
            to_office="441900101002", target_open=True, address="新村2号", by=BY
        )

        with pytest.raises(DomainError) as error:
            decide(command, given)

        assert refusal(error) == (
            PersonDeceased,
            "陈小明 died on 2025-01-02",
            "person_id",
        )

    def test_staying_at_the_same_address_is_no_move(self) -> None:
        command = MovePerson(
            to_office=COMMUNITY, target_open=True, address="石龙社区中山路1号", by=BY
        )

        assert decide(command, file()) == []


class TestRecordDeath:
    def test_a_death_is_recorded_with_its_date(self) -> None:
        events = decide(RecordDeath(date_of_death=date(2026, 3, 30), by=BY), file())

        assert events == [PersonDied(office=COMMUNITY, date_of_death=date(2026, 3, 30))]

    def test_a_death_before_birth_is_refused(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(RecordDeath(date_of_death=date(1990, 3, 6), by=BY), file())

        assert refusal(error) == (
            DeathDateImpossible,
            "date of death 1990-03-06 is before the birth date 1990-03-07",
            "date_of_death",
        )

    def test_a_death_after_today_is_refused(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(RecordDeath(date_of_death=date(2026, 4, 1), by=BY), file())

        assert refusal(error) == (
            DeathDateImpossible,
            "date of death 2026-04-01 is after today (2026-03-31)",
            "date_of_death",
        )

    def test_a_person_dies_only_once(self) -> None:
        given = file(
            registered(), PersonDied(office=COMMUNITY, date_of_death=date(2025, 1, 2))
        )

        with pytest.raises(PersonDeceased):
            decide(RecordDeath(date_of_death=date(2026, 3, 30), by=BY), given)


def survivor() -> Person:
    return file(registered())


def duplicate() -> Person:
    return file(without_id(person_id="person-2", tags=["party_member", "retiree"]))


class TestMerge:
    def test_the_surviving_file_takes_in_the_duplicates_tags(self) -> None:
        command = AbsorbDuplicate(duplicate_id="person-2", duplicate=duplicate(), by=BY)

        assert decide(command, survivor()) == [
            PersonsMerged(
                office=COMMUNITY, absorbed_person_id="person-2", tags_added=["retiree"]
            )
        ]

    def test_the_duplicate_file_points_to_the_surviving_one(self) -> None:
        command = MergeInto(survivor_id="person-1", survivor=survivor(), by=BY)

        assert decide(command, duplicate()) == [
            PersonMergedInto(office=COMMUNITY, surviving_person_id="person-1")
        ]

    def test_two_files_with_different_id_numbers_are_two_people(self) -> None:
        other = file(registered(person_id="person-2", document_number=OTHER_MAN))

        with pytest.raises(DomainError) as error:
            decide(
                AbsorbDuplicate(duplicate_id="person-2", duplicate=other, by=BY),
                survivor(),
            )

        assert refusal(error) == (
            DifferentIdNumbers,
            "file person-1 holds 4419**********1238 and file person-2 holds"
            " 4419**********0032: they are two people",
            "duplicate_person_id",
        )

    def test_the_file_holding_the_id_number_must_be_the_survivor(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(
                MergeInto(survivor_id="person-2", survivor=duplicate(), by=BY),
                survivor(),
            )

        assert refusal(error) == (
            KeepTheFileWithTheId,
            "keep file person-1, which holds the ID number, and merge person-2 into it",
            "duplicate_person_id",
        )

    def test_a_file_cannot_absorb_itself(self) -> None:
        with pytest.raises(CannotMergeWithItself):
            decide(
                AbsorbDuplicate(duplicate_id="person-1", duplicate=survivor(), by=BY),
                survivor(),
            )

    def test_a_merged_file_takes_no_more_commands(self) -> None:
        merged = file(
            without_id(),
            PersonMergedInto(office=COMMUNITY, surviving_person_id="person-9"),
        )

        with pytest.raises(DomainError) as error:
            decide(RecordDeath(date_of_death=date(2026, 3, 30), by=BY), merged)

        assert refusal(error) == (
            FileMerged,
            "this file was merged into person-9: use that file",
            "person_id",
        )

    def test_a_duplicate_that_was_merged_elsewhere_cannot_be_absorbed(self) -> None:
        gone = file(
            without_id(person_id="person-2"),
            PersonMergedInto(office=COMMUNITY, surviving_person_id="person-9"),
        )

        with pytest.raises(DomainError) as error:
            decide(
                AbsorbDuplicate(duplicate_id="person-2", duplicate=gone, by=BY),
                survivor(),
            )

        assert refusal(error) == (
            FileMerged,
            "file person-2 was already merged into person-9",
            "duplicate_id",
        )

    def test_absorbing_a_file_that_does_not_exist_is_not_found(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(
                AbsorbDuplicate(duplicate_id="person-2", duplicate=None, by=BY),
                survivor(),
            )

        assert refusal(error) == (
            PersonNotFound,
            "no person file person-2",
            "duplicate_id",
        )

    def test_merging_keeps_both_histories_in_the_surviving_state(self) -> None:
        events = decide(
            AbsorbDuplicate(duplicate_id="person-2", duplicate=duplicate(), by=BY),
            survivor(),
        )

        assert DECIDER.fold([registered(), *events]) == Person(
            person_id="person-1",
            office=COMMUNITY,
            name="陈小明",
            document_kind="resident_id",
            document_number=MAN_1990,
            birth_date=date(1990, 3, 7),
            sex="male",
            phone="13812345678",
            address="石龙社区中山路1号",
            residence="registered",
            tags=frozenset({"party_member", "retiree"}),
            absorbed=("person-2",),
        )


def test_a_file_that_was_never_registered_takes_no_commands() -> None:
    with pytest.raises(DomainError) as error:
        decide(RecordDeath(date_of_death=date(2026, 3, 30), by=BY), None)

    assert refusal(error) == (
        PersonNotFound,
        "no person file under this id",
        "person_id",
    )
