"""Identity documents: the resident ID number (居民身份证号), the others, masking.

A resident ID number is 18 characters: a 6-digit region code, the birth date as
YYYYMMDD, a 3-digit sequence whose last digit is odd for men and even for women, and a
check character computed by ISO 7064 MOD 11-2 (GB 11643). Non-mainland residents carry
a passport or a Hong Kong/Macau or Taiwan permit, checked for shape only. Every failure
is a :class:`DomainError` naming the field and saying what is wrong in plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from shequ.contracts import DomainError
from shequ.contracts.messages import N_, Msg
from shequ.contracts.registry import DOCUMENT_KIND_LABELS, Sex

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"  # indexed by the weighted sum modulo 11
_ID_SHAPE = re.compile(r"\d{17}[\dX]")
_FIELD = "document_number"  # the name of the field in requests and events
_PHONE = re.compile(r"1[3-9]\d{9}|0\d{9,11}")


class DocumentType(StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证
    PASSPORT = "passport"  # 护照
    HK_MACAU_PERMIT = "hk_macau_permit"  # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "taiwan_permit"  # 台湾居民来往大陆通行证


# Light shape checks: the issuing authorities publish no check digit for these.
_OTHER_SHAPES = {
    DocumentType.PASSPORT: (
        re.compile(r"[A-Z0-9]{5,17}"),
        N_("5 to 17 letters or digits"),
    ),
    DocumentType.HK_MACAU_PERMIT: (
        re.compile(r"[HM]\d{8}(\d{2})?"),
        N_("H or M followed by 8 or 10 digits"),
    ),
    DocumentType.TAIWAN_PERMIT: (re.compile(r"\d{8}(\d{2})?"), N_("8 or 10 digits")),
}


class InvalidIdNumber(DomainError):
    """A resident ID number broke one of its rules (the subclass says which)."""

    code = "invalid-id-number"
    title = N_("Invalid ID number")

    def __init__(self, message: Msg, **params: object) -> None:
        super().__init__(message, field=_FIELD, **params)


class IdNumberMalformed(InvalidIdNumber):
    pass


class IdCheckDigitWrong(InvalidIdNumber):
    pass


class IdBirthDateImpossible(InvalidIdNumber):
    pass


class IdBirthDateInFuture(InvalidIdNumber):
    pass


class InvalidDocumentNumber(DomainError):
    code = "invalid-document-number"
    title = N_("Invalid document number")

    def __init__(self, kind: DocumentType, expected: Msg) -> None:
        super().__init__(
            N_("a {kind} number is {expected}"),
            field="document_number",
            kind=DOCUMENT_KIND_LABELS[kind.value],
            expected=expected,
        )


class InvalidPhone(DomainError):
    code = "invalid-phone"
    title = N_("Invalid phone number")

    def __init__(self, phone: str) -> None:
        super().__init__(
            N_(
                "{phone} is neither an 11-digit mobile number nor a landline with"
                " its area code"
            ),
            field="phone",
            phone=repr(phone),
        )


@dataclass(frozen=True)
class ResidentId:
    """A valid resident ID number and what it encodes."""

    number: str
    birth_date: date
    sex: Sex


@dataclass(frozen=True)
class Document:
    """A checked document; birth date and sex only when its number encodes them."""

    kind: DocumentType
    number: str
    birth_date: date | None = None
    sex: Sex | None = None


def check_digit(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits of an ID number."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True)
    )
    return _CHECK_CHARS[total % 11]


def parse_resident_id(number: str, today: date) -> ResidentId:
    """The ID number's birth date and sex, or an :class:`InvalidIdNumber` saying why.

    Spaces around the number are dropped and a lower-case ``x`` is read as ``X``.
    """
    text = number.strip().upper()
    if len(text) != 18:
        raise IdNumberMalformed(
            N_("an ID number has 18 characters, this one has {length}"),
            length=len(text),
        )
    if not _ID_SHAPE.fullmatch(text):
        raise IdNumberMalformed(
            N_("an ID number is 17 digits followed by a digit or X")
        )
    expected = check_digit(text[:17])
    if text[17] != expected:
        raise IdCheckDigitWrong(
            N_("check digit should be {expected}, not {given}"),
            expected=expected,
            given=text[17],
        )
    born = _birth_date(text[6:14], today)
    return ResidentId(text, born, "male" if int(text[16]) % 2 else "female")


def _birth_date(digits: str, today: date) -> date:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdBirthDateImpossible(
            N_("birth date {digits} in the ID number is not a real date"), digits=digits
        ) from None
    if born > today:
        raise IdBirthDateInFuture(
            N_("birth date {birth_date} in the ID number is in the future"),
            birth_date=born.isoformat(),
        )
    return born


def check_document(kind: DocumentType, number: str, today: date) -> Document:
    """A checked, normalised document (upper case, no spaces), or a DomainError."""
    if kind is DocumentType.RESIDENT_ID:
        resident = parse_resident_id(number, today)
        return Document(kind, resident.number, resident.birth_date, resident.sex)
    text = re.sub(r"\s", "", number).upper()
    shape, expected = _OTHER_SHAPES[kind]
    if not shape.fullmatch(text):
        raise InvalidDocumentNumber(kind, expected)
    return Document(kind, text)


def normalise_phone(phone: str) -> str:
    """A mainland mobile (11 digits) or landline (area code 0xx[x], 7-8 digits).

    Spaces, hyphens and a leading +86 are dropped; :class:`InvalidPhone` otherwise.
    """
    digits = re.sub(r"[\s-]", "", phone).removeprefix("+86")
    if not _PHONE.fullmatch(digits):
        raise InvalidPhone(phone)
    return digits
