"""Registering a person and correcting their details, checked against their ID number.

A resident ID number encodes the birth date and sex, so a registration or correction
that gives others is refused rather than silently overridden. Without one, both must be
given and the birth date cannot lie in the future.
"""

from __future__ import annotations

from datetime import date

from shequ.access import mask_id
from shequ.contracts.messages import N_, Msg
from shequ.contracts.registry import (
    SEX_LABELS,
    PersonDetailsCorrected,
    PersonEvent,
    PersonRegistered,
    Sex,
)
from shequ.registry.domain.identity import Document, check_document, normalise_phone
from shequ.registry.domain.person._commands import CorrectDetails, RegisterPerson
from shequ.registry.domain.person._rules import (
    BirthDateContradictsId,
    BirthDateInFuture,
    DetailMissing,
    PersonAlreadyRegistered,
)
from shequ.registry.domain.person._state import Person, State
from shequ.registry.domain.rules import require_text, residents_office


def register(command: RegisterPerson, state: State) -> list[PersonEvent]:
    if state is not None:
        raise PersonAlreadyRegistered(
            N_("file {person_id} is already registered"),
            field="person_id",
            person_id=state.person_id,
        )
    office = residents_office(
        command.office, is_open=command.office_open, field="office"
    )
    given, today = command.document, command.by.today
    document = check_document(given.kind, given.number, today) if given else None
    birth_date, sex = _birth_and_sex(command, document)
    return [
        PersonRegistered(
            person_id=command.person_id,
            office=office,
            name=require_text(command.name, "name", N_("the name")),
            document_kind=document.kind.value if document else None,
            document_number=document.number if document else None,
            document_masked=mask_id(document.number) if document else None,
            birth_date=birth_date,
            sex=sex,
            phone=_phone(command.phone),
            address=require_text(command.address, "address", N_("the address")),
            residence=command.residence,
            tags=sorted(command.tags),
        )
    ]


def _birth_and_sex(
    command: RegisterPerson, document: Document | None
) -> tuple[date, Sex]:
    if document and document.birth_date and document.sex:
        _agree("birth_date", command.birth_date, document.birth_date)
        _agree("sex", command.sex, document.sex)
        return document.birth_date, document.sex
    if command.birth_date is None or command.sex is None:
        missing = "birth_date" if command.birth_date is None else "sex"
        raise DetailMissing(
            N_("without a resident ID number the {detail} must be given"),
            field=missing,
            detail=_DETAILS[missing],
        )
    _not_future(command.birth_date, command.by.today)
    return command.birth_date, command.sex


def correct(command: CorrectDetails, person: Person) -> list[PersonEvent]:
    reason = require_text(command.reason, "reason", N_("the reason for the correction"))
    if person.holds_resident_id:
        _agree("birth_date", command.birth_date, person.birth_date)
        _agree("sex", command.sex, person.sex)
    if command.birth_date is not None:
        _not_future(command.birth_date, command.by.today)
    given = {
        "name": _text(command.name, "name", N_("the name")),
        "birth_date": command.birth_date,
        "sex": command.sex,
        "phone": _phone(command.phone),
        "address": _text(command.address, "address", N_("the address")),
        "residence": command.residence,
    }
    changed = {
        key: value
        for key, value in given.items()
        if value is not None and value != getattr(person, key)
    }
    if not changed:
        return []
    return [
        PersonDetailsCorrected.model_validate(
            {"office": person.office, "reason": reason, **changed}
        )
    ]


def _agree(field: str, given: object, encoded: object) -> None:
    if given is not None and given != encoded:
        shown = {"encoded": encoded, "given": given}
        if field == "sex":
            shown = {k: SEX_LABELS.get(str(v), str(v)) for k, v in shown.items()}
        raise BirthDateContradictsId(
            N_("the ID number gives {detail} {encoded}, not {given}"),
            field=field,
            detail=_DETAILS[field],
            **shown,
        )


def _not_future(birth_date: date, today: date) -> None:
    if birth_date > today:
        raise BirthDateInFuture(
            N_("birth date {birth_date} is after today ({today})"),
            field="birth_date",
            birth_date=birth_date.isoformat(),
            today=today.isoformat(),
        )


_DETAILS = {"birth_date": N_("birth date"), "sex": N_("sex")}


def _text(value: str | None, field: str, what: Msg) -> str | None:
    return None if value is None else require_text(value, field, what)


def _phone(phone: str | None) -> str | None:
    return normalise_phone(phone) if phone and phone.strip() else None
