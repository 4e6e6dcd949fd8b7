"""Resident ID numbers, other documents, phones and masking."""

from __future__ import annotations

from datetime import date

import pytest

from shequ.contracts import DomainError
from shequ.registry.domain.identity import (
    Document,
    DocumentType,
    IdBirthDateImpossible,
    IdBirthDateInFuture,
    IdCheckDigitWrong,
    IdNumberMalformed,
    InvalidDocumentNumber,
    InvalidPhone,
    ResidentId,
    check_digit,
    check_document,
    normalise_phone,
    parse_resident_id,
)

TODAY = date(2026, 3, 31)
# Computed by hand with the GB 11643 weights: region 441900 (Dongguan).
MAN_1990 = "441900199003071238"
WOMAN_2000 = "441900200002290020"


def refusal(error: pytest.ExceptionInfo[DomainError]) -> tuple[type, str, str | None]:
    return type(error.value), error.value.message, error.value.field


class TestResidentId:
    def test_a_valid_number_gives_its_birth_date_and_a_male_sex(self) -> None:
        assert parse_resident_id(MAN_1990, TODAY) == ResidentId(
            MAN_1990, date(1990, 3, 7), "male"
        )

    def test_an_even_17th_digit_is_a_woman_born_on_a_leap_day(self) -> None:
        assert parse_resident_id(WOMAN_2000, TODAY) == ResidentId(
            WOMAN_2000, date(2000, 2, 29), "female"
        )

    def test_a_lower_case_x_check_character_is_read_as_x(self) -> None:
        assert parse_resident_id(" 11010519491231002x ", TODAY) == ResidentId(
            "11010519491231002X", date(1949, 12, 31), "female"
        )

    def test_the_check_digit_follows_iso_7064_mod_11_2(self) -> None:
        assert [check_digit(n[:17]) for n in (MAN_1990, "11010519491231002X")] == [
            "8",
            "X",
        ]

    def test_a_wrong_check_digit_says_which_digit_it_should_be(self) -> None:
        with pytest.raises(DomainError) as error:
            parse_resident_id("441900199003071233", TODAY)

        assert refusal(error) == (
            IdCheckDigitWrong,
            "check digit should be 8, not 3",
            "document_number",
        )

    def test_a_number_of_the_wrong_length_is_malformed(self) -> None:
        with pytest.raises(DomainError) as error:
            parse_resident_id("44190019900307123", TODAY)

        assert refusal(error) == (
            IdNumberMalformed,
            "an ID number has 18 characters, this one has 17",
            "document_number",
        )

    def test_a_letter_among_the_digits_is_malformed(self) -> None:
        with pytest.raises(DomainError) as error:
            parse_resident_id("4419001990O3071238", TODAY)

        assert refusal(error) == (
            IdNumberMalformed,
            "an ID number is 17 digits followed by a digit or X",
            "document_number",
        )

    def test_an_impossible_birth_date_is_refused(self) -> None:
        with pytest.raises(DomainError) as error:
            parse_resident_id("441900199002300019", TODAY)

        assert refusal(error) == (
            IdBirthDateImpossible,
            "birth date 19900230 in the ID number is not a real date",
            "document_number",
        )

    def test_a_birth_date_after_today_is_refused(self) -> None:
        with pytest.raises(DomainError) as error:
            parse_resident_id("441900202612010013", TODAY)

        assert refusal(error) == (
            IdBirthDateInFuture,
            "birth date 2026-12-01 in the ID number is in the future",
            "document_number",
        )


class TestOtherDocuments:
    def test_a_resident_id_document_carries_what_the_number_encodes(self) -> None:
        assert check_document(DocumentType.RESIDENT_ID, MAN_1990, TODAY) == Document(
            DocumentType.RESIDENT_ID, MAN_1990, date(1990, 3, 7), "male"
        )

    @pytest.mark.parametrize(
        ("kind", "given", "number"),
        [
            (DocumentType.PASSPORT, " e1234 5678 ", "E12345678"),
            (DocumentType.HK_MACAU_PERMIT, "H12345678", "H12345678"),
            (DocumentType.HK_MACAU_PERMIT, "m1234567890", "M1234567890"),
            (DocumentType.TAIWAN_PERMIT, "12345678", "12345678"),
        ],
    )
    def test_a_well_shaped_number_is_kept_upper_case_without_spaces(
        self, kind: DocumentType, given: str, number: str
    ) -> None:
        assert check_document(kind, given, TODAY) == Document(kind, number)

    def test_a_badly_shaped_permit_number_says_what_shape_it_should_have(self) -> None:
        with pytest.raises(DomainError) as error:
            check_document(DocumentType.HK_MACAU_PERMIT, "X1234", TODAY)

        assert refusal(error) == (
            InvalidDocumentNumber,
            "a Hong Kong/Macau permit number is H or M followed by 8 or 10 digits",
            "document_number",
        )


class TestPhones:
    def test_a_phone_is_kept_as_digits_without_the_country_code(self) -> None:
        assert [
            normalise_phone(p) for p in ("+86 138-1234-5678", "0769-2283 1234")
        ] == ["13812345678", "076922831234"]

    def test_a_number_that_is_no_phone_is_refused(self) -> None:
        with pytest.raises(DomainError) as error:
            normalise_phone("12345")

        assert refusal(error) == (
            InvalidPhone,
            "'12345' is neither an 11-digit mobile number nor a landline with its"
            " area code",
            "phone",
        )
