"""What the police (公安) send rehab: decisions (决定书) and urine test results (尿检).

Stream ``police_decision/<decision number>``: one decision and the test results the
police record under it. The police keep no shequ person id, so the person is named by
their ID number (公民身份号码) and the data subject of these events is the decision
(``data_subject = "decision_number"``): a publisher that seals personal fields seals
them under the decision's key; the number itself stays plain, as a subject must, and
names no one without the police's register.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from shequ.contracts._event import Event
from shequ.contracts.personal import PERSONAL
from shequ.contracts.rehab._types import RehabGround, RehabKind, TestResult

DecisionNumber = Annotated[str, Field(min_length=1, max_length=100)]


class RehabDecisionIssued(Event):
    """The police decided on community detox or recovery (社区戒毒/康复决定书).

    The term is ``term_months`` (at most 36), counted from the day the person reports
    to the street or community office that has them (the registry's office of the
    person with ``id_number``).
    """

    type: Literal["RehabDecisionIssued"] = "RehabDecisionIssued"
    stream_type = "police_decision"
    data_subject = "decision_number"
    decision_number: DecisionNumber
    police_organ: str = Field(min_length=1, max_length=100)
    decided_on: date
    kind: RehabKind
    ground: Annotated[RehabGround | None, PERSONAL]
    term_months: int = Field(ge=1, le=36)
    id_number: Annotated[str, PERSONAL]


class UrineTestResultIssued(Event):
    """A urine test the police took of the person under decision ``decision_number``."""

    type: Literal["UrineTestResultIssued"] = "UrineTestResultIssued"
    stream_type = "police_decision"
    data_subject = "decision_number"
    decision_number: DecisionNumber
    police_organ: str = Field(min_length=1, max_length=100)
    tested_on: date
    result: TestResult


PoliceDecisionEvent = RehabDecisionIssued | UrineTestResultIssued
