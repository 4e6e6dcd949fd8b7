"""Unemployment registration and certificates: the decider's rules, given/when/then."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from shequ.contracts import DomainError, Event
from shequ.contracts.employment import (
    CertificateCancelled,
    CertificateIssued,
    CertificateKind,
    CertificateReturned,
    UnemploymentRegistered,
    UnemploymentRegistrationEnded,
)
from shequ.employment.domain.common import Acting, DateInFuture
from shequ.employment.domain.unemployment import (
    DECIDER,
    CancelCertificate,
    Certificate,
    CertificateKindInUse,
    CertificateNotFound,
    CertificateNotInUse,
    CertificateNumberTaken,
    DateOutOfOrder,
    EndRegistration,
    IssueCertificate,
    Register,
    Registration,
    RegistrationEnded,
    RegistrationNotFound,
    RegistrationOpen,
    RegistrationRequired,
    ReturnCertificate,
    State,
    Unemployment,
    decide,
)

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 2026-11-23 in China
BY = Acting("staff-1", "441900101001", T0)
OFFICE, PERSON = "441900101001", "person-1"


def registered(on: date = date(2026, 9, 1), rid: str = "reg-1") -> Event:
    return UnemploymentRegistered(
        person_id=PERSON, office=OFFICE, registration_id=rid, registered_on=on
    )


def ended(on: date = date(2026, 10, 1), rid: str = "reg-1") -> Event:
    return UnemploymentRegistrationEnded(
        person_id=PERSON,
        office=OFFICE,
        registration_id=rid,
        ended_on=on,
        reason="found work",
    )


def issued(
    number: str = "SY-001",
    kind: CertificateKind = "unemployment",
    on: date = date(2026, 9, 2),
) -> Event:
    return CertificateIssued(
        person_id=PERSON, office=OFFICE, kind=kind, number=number, issued_on=on
    )


def returned(number: str = "SY-001", on: date = date(2026, 9, 5)) -> Event:
    return CertificateReturned(
        person_id=PERSON, office=OFFICE, number=number, returned_on=on
    )


def fold(*events: Event) -> State:
    return DECIDER.fold(list(events))


def register(on: date = date(2026, 11, 1)) -> Register:
    return Register(
        person_id=PERSON,
        office=OFFICE,
        registration_id="reg-2",
        registered_on=on,
        by=BY,
    )


def issue(
    number: str = "SY-002",
    kind: CertificateKind = "unemployment",
    on: date = date(2026, 11, 2),
) -> IssueCertificate:
    return IssueCertificate(
        person_id=PERSON, office=OFFICE, kind=kind, number=number, issued_on=on, by=BY
    )


def refusal(error: pytest.ExceptionInfo[DomainError]) -> tuple[type, str | None]:
    return type(error.value), error.value.field


class TestRegister:
    def test_a_first_registration_is_recorded_under_the_given_id(self) -> None:
        assert decide(register(), None) == [registered(date(2026, 11, 1), rid="reg-2")]

    def test_a_second_open_registration_is_refused(self) -> None:
        with pytest.raises(RegistrationOpen) as error:
            decide(register(), fold(registered()))

        assert refusal(error) == (RegistrationOpen, "person_id")

    def test_a_new_registration_after_the_last_one_ended_is_recorded(self) -> None:
        events = decide(register(), fold(registered(), ended()))

        assert events == [registered(date(2026, 11, 1), rid="reg-2")]

    def test_a_new_registration_may_not_begin_before_the_last_one_ended(self) -> None:
        with pytest.raises(DateOutOfOrder) as error:
            decide(register(date(2026, 9, 15)), fold(registered(), ended()))

        assert refusal(error) == (DateOutOfOrder, "registered_on")

    def test_a_registration_in_the_future_is_refused(self) -> None:
        with pytest.raises(DateInFuture) as error:
            decide(register(date(2026, 11, 24)), None)

        assert refusal(error) == (DateInFuture, "registered_on")


class TestEndRegistration:
    def end(
        self,
        on: date = date(2026, 10, 1),
        reason: str = " found work ",
        rid: str = "reg-1",
    ) -> EndRegistration:
        return EndRegistration(
            person_id=PERSON,
            office=OFFICE,
            registration_id=rid,
            ended_on=on,
            reason=reason,
            by=BY,
        )

    def test_an_open_registration_ends_with_its_reason(self) -> None:
        assert decide(self.end(), fold(registered())) == [ended()]

    def test_ending_cancels_the_unemployment_certificate_but_not_the_other(
        self,
    ) -> None:
        given = fold(
            registered(), issued(), issued("YH-001", "reemployment_preferential")
        )

        events = decide(self.end(), given)

        assert events == [
            ended(),
            CertificateCancelled(
                person_id=PERSON,
                office=OFFICE,
                number="SY-001",
                cancelled_on=date(2026, 10, 1),
                reason="失业登记结束: found work",
            ),
        ]

    def test_a_registration_cannot_end_before_it_began(self) -> None:
        with pytest.raises(DateOutOfOrder) as error:
            decide(self.end(date(2026, 8, 31)), fold(registered()))

        assert refusal(error) == (DateOutOfOrder, "ended_on")

    def test_ending_needs_a_reason(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(self.end(reason="  "), fold(registered()))

        assert error.value.field == "reason"

    def test_an_unknown_registration_is_not_found(self) -> None:
        with pytest.raises(RegistrationNotFound) as error:
            decide(self.end(rid="reg-9"), fold(registered()))

        assert refusal(error) == (RegistrationNotFound, "registration_id")

    def test_an_ended_registration_cannot_end_again(self) -> None:
        with pytest.raises(RegistrationEnded) as error:
            decide(self.end(), fold(registered(), ended()))

        assert refusal(error) == (RegistrationEnded, "registration_id")


class TestIssueCertificate:
    def test_a_certificate_is_issued_with_its_number_trimmed(self) -> None:
        events = decide(issue("  SY-002 "), fold(registered()))

        assert events == [issued("SY-002", on=date(2026, 11, 2))]

    def test_issuing_needs_an_open_registration(self) -> None:
        with pytest.raises(RegistrationRequired) as error:
            decide(issue(), fold(registered(), ended()))

        assert refusal(error) == (RegistrationRequired, "kind")

    def test_the_preferential_certificate_needs_one_too(self) -> None:
        with pytest.raises(RegistrationRequired):
            decide(issue(kind="reemployment_preferential"), None)

    def test_a_certificate_cannot_precede_the_registration(self) -> None:
        with pytest.raises(DateOutOfOrder) as error:
            decide(issue(on=date(2026, 8, 1)), fold(registered()))

        assert refusal(error) == (DateOutOfOrder, "issued_on")

    def test_a_blank_number_is_refused(self) -> None:
        with pytest.raises(DomainError) as error:
            decide(issue(" "), fold(registered()))

        assert error.value.field == "number"

    def test_a_returned_number_is_never_issued_again(self) -> None:
        with pytest.raises(CertificateNumberTaken) as error:
            decide(issue("SY-001"), fold(registered(), issued(), returned()))

        assert refusal(error) == (CertificateNumberTaken, "number")

    def test_one_certificate_of_a_kind_in_use_at_a_time(self) -> None:
        with pytest.raises(CertificateKindInUse) as error:
            decide(issue(), fold(registered(), issued()))

        assert refusal(error) == (CertificateKindInUse, "kind")

    def test_a_certificate_of_the_other_kind_may_be_held_too(self) -> None:
        events = decide(
            issue("YH-002", "reemployment_preferential"), fold(registered(), issued())
        )

        assert events == [
            issued("YH-002", "reemployment_preferential", date(2026, 11, 2))
        ]


class TestReturnAndCancel:
    def test_a_certificate_in_use_is_returned(self) -> None:
        command = ReturnCertificate(
            person_id=PERSON,
            office=OFFICE,
            number="SY-001",
            returned_on=date(2026, 9, 5),
            by=BY,
        )

        assert decide(command, fold(registered(), issued())) == [returned()]

    def test_a_certificate_in_use_is_cancelled_with_the_reason(self) -> None:
        command = CancelCertificate(
            person_id=PERSON,
            office=OFFICE,
            number=" SY-001",
            cancelled_on=date(2026, 9, 6),
            reason="遗失",
            by=BY,
        )

        assert decide(command, fold(registered(), issued())) == [
            CertificateCancelled(
                person_id=PERSON,
                office=OFFICE,
                number="SY-001",
                cancelled_on=date(2026, 9, 6),
                reason="遗失",
            )
        ]

    def test_a_returned_certificate_cannot_be_cancelled(self) -> None:
        command = CancelCertificate(
            person_id=PERSON,
            office=OFFICE,
            number="SY-001",
            cancelled_on=T0.date(),
            reason="遗失",
            by=BY,
        )

        with pytest.raises(CertificateNotInUse) as error:
            decide(command, fold(registered(), issued(), returned()))

        assert refusal(error) == (CertificateNotInUse, "number")

    def test_a_certificate_cannot_be_returned_before_its_issue(self) -> None:
        command = ReturnCertificate(
            person_id=PERSON,
            office=OFFICE,
            number="SY-001",
            returned_on=date(2026, 9, 1),
            by=BY,
        )

        with pytest.raises(DateOutOfOrder) as error:
            decide(command, fold(registered(), issued()))

        assert refusal(error) == (DateOutOfOrder, "returned_on")

    def test_an_unknown_number_is_not_found(self) -> None:
        command = ReturnCertificate(
            person_id=PERSON,
            office=OFFICE,
            number="SY-404",
            returned_on=date(2026, 9, 5),
            by=BY,
        )

        with pytest.raises(CertificateNotFound) as error:
            decide(command, fold(registered(), issued()))

        assert refusal(error) == (CertificateNotFound, "number")


def test_the_state_keeps_every_registration_and_certificate() -> None:
    state = fold(
        registered(),
        issued(),
        returned(),
        ended(),
        registered(date(2026, 11, 1), "reg-2"),
    )

    assert state == Unemployment(
        PERSON,
        OFFICE,
        registrations=(
            Registration("reg-1", date(2026, 9, 1), date(2026, 10, 1), "found work"),
            Registration("reg-2", date(2026, 11, 1)),
        ),
        certificates=(
            Certificate(
                "SY-001",
                "unemployment",
                date(2026, 9, 2),
                "returned",
                returned_on=date(2026, 9, 5),
            ),
        ),
    )
    assert state.open_registration == Registration("reg-2", date(2026, 11, 1))
