"""The rules of a dispute, given/when/then on the decider (no server).

Given the events a dispute has, when a command comes, then these events — or this
refusal. One test per rule: decline needs a reason; 回避; an agreement needs
obligations with deadlines; the 30-day judicial-confirmation window; the conclusion
deadline (and consent to continue); 回访 and closing; the timers.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from shequ.access import Acting
from shequ.contracts import BlankField
from shequ.contracts.mediation import (
    DisputeAccepted,
    DisputeEvent,
    DisputeRegistered,
    FulfilmentFollowedUp,
    MediationAgreementReached,
    MediatorsAssigned,
    Obligation,
    Party,
)
from shequ.mediation.domain import dispute
from shequ.mediation.domain.rules import MediationRules

OFFICE = "441900101001"
BY = Acting(staff_id="mediator-a", office=OFFICE, now=datetime(2026, 11, 2, tzinfo=UTC))
RULES = MediationRules()
COMMITTEE = frozenset({"m-1", "m-2", "m-3"})


def registered(on: date = date(2026, 11, 2)) -> DisputeRegistered:
    return DisputeRegistered(
        dispute_id="dispute-1",
        office=OFFICE,
        source="hotline",
        kind="neighbours",
        parties=[Party(name="王建华"), Party(name="李秀英")],
        matter="漏水",
        amount=5000,
        registered_on=on,
        conclude_by=date(2026, 12, 2),
    )


ACCEPTED = DisputeAccepted(office=OFFICE, accepted_on=date(2026, 11, 2))
ASSIGNED = MediatorsAssigned(
    office=OFFICE, mediators=["m-1"], assigned_on=date(2026, 11, 3)
)


def obligation(due: date = date(2026, 12, 10), party: int = 1) -> Obligation:
    return Obligation(number=1, party=party, what="支付维修费", due_on=due, amount=3000)


def agreement(*obligations: Obligation) -> MediationAgreementReached:
    return MediationAgreementReached(
        office=OFFICE,
        form="written",
        agreed_on=date(2026, 11, 10),
        facts="",
        terms="赔偿维修费",
        obligations=list(obligations),
        due_dates=[o.due_on for o in obligations],
        amount=sum(o.amount or 0 for o in obligations),
        late=False,
    )


def given(*events: DisputeEvent) -> dispute.State:
    return dispute.DECIDER.fold(list(events))


def agree(
    form: str = "written", *obligations: Obligation, on: date = date(2026, 11, 10)
) -> dispute.ReachAgreement:
    return dispute.ReachAgreement(
        form=form,  # type: ignore[arg-type]
        agreed_on=on,
        facts="漏水",
        terms="赔偿维修费",
        obligations=obligations,
        by=BY,
    )


def test_a_registered_dispute_must_be_concluded_within_a_month() -> None:
    events = dispute.decide(
        dispute.RegisterDispute(
            dispute_id="dispute-1",
            office=OFFICE,
            source="hotline",
            kind="neighbours",
            parties=(Party(name="王建华"),),
            matter="漏水",
            amount=None,
            registered_on=date(2026, 1, 31),
            rules=RULES,
            by=BY,
        ),
        None,
    )

    assert isinstance(events[0], DisputeRegistered)
    assert events[0].conclude_by == date(2026, 2, 28)


def test_declining_a_dispute_needs_a_reason() -> None:
    state = given(registered())

    with pytest.raises(BlankField) as refused:
        dispute.decide(
            dispute.DeclineDispute(declined_on=date(2026, 11, 3), reason=" ", by=BY),
            state,
        )

    assert refused.value.field == "reason"


def test_a_declined_dispute_gets_no_mediators() -> None:
    declined = dispute.decide(
        dispute.DeclineDispute(
            declined_on=date(2026, 11, 3), reason="已诉至法院", by=BY
        ),
        given(registered()),
    )
    state = given(registered(), *declined)

    with pytest.raises(dispute.WrongStage):
        dispute.decide(
            dispute.AssignMediators(
                mediators=("m-1",),
                committee=COMMITTEE,
                assigned_on=date(2026, 11, 3),
                by=BY,
            ),
            state,
        )


def test_only_a_serving_member_of_the_committee_mediates() -> None:
    with pytest.raises(dispute.NotAMediator) as refused:
        dispute.decide(
            dispute.AssignMediators(
                mediators=("stranger",),
                committee=COMMITTEE,
                assigned_on=date(2026, 11, 3),
                by=BY,
            ),
            given(registered(), ACCEPTED),
        )

    assert refused.value.field == "mediators"


def _recuse(
    mediator: str = "m-1", replacement: str = "m-2", party: int = 2
) -> dispute.RecuseMediator:
    return dispute.RecuseMediator(
        mediator=mediator,
        replacement=replacement,
        objected_by=party,
        reason="调解员系一方亲属",
        committee=COMMITTEE,
        by=BY,
    )


def test_a_mediator_a_party_objects_to_is_replaced_and_not_assigned_again() -> None:
    recused = dispute.decide(_recuse(), given(registered(), ACCEPTED, ASSIGNED))
    state = given(registered(), ACCEPTED, ASSIGNED, *recused)

    assert state is not None
    assert state.mediators == ("m-2",)
    with pytest.raises(dispute.Recused):
        dispute.decide(
            dispute.AssignMediators(
                mediators=("m-1", "m-3"),
                committee=COMMITTEE,
                assigned_on=date(2026, 11, 4),
                by=BY,
            ),
            state,
        )


def test_an_objection_names_a_party_of_the_dispute_and_a_mediator_of_it() -> None:
    state = given(registered(), ACCEPTED, ASSIGNED)

    with pytest.raises(dispute.NoSuchParty):
        dispute.decide(_recuse(party=3), state)
    with pytest.raises(dispute.NotAMediator):
        dispute.decide(_recuse(mediator="m-3"), state)
    with pytest.raises(dispute.Recused):
        dispute.decide(_recuse(replacement="m-1"), state)


def test_a_written_agreement_needs_obligations() -> None:
    with pytest.raises(dispute.ObligationsNeeded) as refused:
        dispute.decide(agree("written"), given(registered(), ACCEPTED, ASSIGNED))

    assert refused.value.field == "obligations"


def test_an_obligation_is_due_on_or_after_the_agreement_and_binds_a_party() -> None:
    state = given(registered(), ACCEPTED, ASSIGNED)

    with pytest.raises(dispute.DateOutOfOrder) as early:
        dispute.decide(agree("written", obligation(date(2026, 11, 1))), state)
    with pytest.raises(dispute.NoSuchParty):
        dispute.decide(agree("written", obligation(party=3)), state)

    assert early.value.field == "obligations.0.due_on"


def test_an_oral_agreement_is_recorded_with_its_content_alone() -> None:
    events = dispute.decide(agree("oral"), given(registered(), ACCEPTED, ASSIGNED))

    assert isinstance(events[0], MediationAgreementReached)
    assert (events[0].form, events[0].terms, events[0].late) == (
        "oral",
        "赔偿维修费",
        False,
    )


def test_past_the_deadline_mediation_goes_on_only_with_both_parties_consent() -> None:
    state = given(registered(), ACCEPTED, ASSIGNED)
    late = date(2026, 12, 5)

    with pytest.raises(dispute.DeadlinePassed):
        dispute.decide(agree("oral", on=late), state)
    consent = dispute.decide(
        dispute.AgreeToContinue(agreed_on=late, until=date(2026, 12, 31), by=BY), state
    )
    events = dispute.decide(
        agree("oral", on=late), given(registered(), ACCEPTED, ASSIGNED, *consent)
    )

    assert isinstance(events[0], MediationAgreementReached)
    assert events[0].late is True  # concluded, but not within the month


def test_judicial_confirmation_is_applied_for_within_30_days_of_the_agreement() -> None:
    state = given(registered(), ACCEPTED, ASSIGNED, agreement(obligation()))

    def apply(on: date) -> list[DisputeEvent]:
        return dispute.decide(
            dispute.ApplyForConfirmation(
                applied_on=on, court="东莞市第二人民法院", rules=RULES, by=BY
            ),
            state,
        )

    assert len(apply(date(2026, 12, 10))) == 1  # the 30th day after 11-10
    with pytest.raises(dispute.ConfirmationWindowClosed) as refused:
        apply(date(2026, 12, 11))
    assert refused.value.field == "applied_on"


def test_the_court_answers_an_application_once() -> None:
    state = given(registered(), ACCEPTED, ASSIGNED, agreement(obligation()))
    answer = dispute.RecordConfirmationAnswer(
        answered_on=date(2026, 11, 20), confirmed=True, by=BY
    )

    with pytest.raises(dispute.AlreadyDone):
        dispute.decide(answer, state)


def test_a_dispute_closes_once_every_obligation_is_followed_up() -> None:
    state = given(registered(), ACCEPTED, ASSIGNED, agreement(obligation()))
    close = dispute.CloseDispute(closed_on=date(2026, 12, 11), by=BY)

    with pytest.raises(dispute.NotReadyToClose):
        dispute.decide(close, state)
    followed = FulfilmentFollowedUp(
        office=OFFICE,
        obligation=1,
        visited_on=date(2026, 12, 10),
        fulfilled=True,
        satisfied=True,
        note="",
    )
    closed = dispute.decide(
        close,
        given(registered(), ACCEPTED, ASSIGNED, agreement(obligation()), followed),
    )

    assert [e.type for e in closed] == ["DisputeClosed"]
    assert closed[0].outcome == "fulfilled"  # type: ignore[union-attr]


def test_the_timer_marks_an_undecided_dispute_overdue_once() -> None:
    state = given(registered(), ACCEPTED)
    mark = dispute.MarkOverdue(today=date(2026, 12, 3), by=BY)

    first = dispute.decide(mark, state)
    again = dispute.decide(mark, given(registered(), ACCEPTED, *first))

    assert [e.type for e in first] == ["DisputeOverdue"]
    assert again == []
    assert (
        dispute.decide(dispute.MarkOverdue(today=date(2026, 12, 2), by=BY), state) == []
    )


def test_the_timer_records_each_obligation_past_its_deadline_unvisited_once() -> None:
    second = Obligation(number=2, party=2, what="道歉", due_on=date(2026, 12, 20))
    state = given(registered(), ACCEPTED, ASSIGNED, agreement(obligation(), second))
    mark = dispute.MarkMissedFollowUps(today=date(2026, 12, 11), by=BY)

    missed = dispute.decide(mark, state)
    again = dispute.decide(
        mark,
        given(
            registered(), ACCEPTED, ASSIGNED, agreement(obligation(), second), *missed
        ),
    )

    assert [(e.type, e.obligation) for e in missed] == [("FollowUpMissed", 1)]  # type: ignore[union-attr]
    assert again == []
