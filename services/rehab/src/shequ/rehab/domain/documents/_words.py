"""The words rehab's documents share: kinds and violations as the forms write them.

The documents are official forms (公文), printed in Chinese whatever the reader's
language, so their wording is here as the forms have it, not in the message catalogue.
The refusals are the service's errors, in the catalogue like every other.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts import DomainError
from shequ.contracts.messages import N_
from shequ.contracts.rehab import RehabKind, Violation
from shequ.rehab.domain.case import NotYetReported
from shequ.rehab.domain.documents._model import CaseFacts

KIND_NAMES: dict[RehabKind, str] = {
    "community_detox": "社区戒毒",
    "community_recovery": "社区康复",
    "agreement_placement": "社区戒毒(康复)(戒毒康复场所协议执行)",
}
VIOLATION_NAMES: dict[Violation, str] = {
    "refused_test": "拒绝接受尿样检测",
    "evaded_test": "逃避尿样检测",
    "left_without_approval": "未经批准离开执行地所在县(市、区)",
    "other": "违反社区戒毒(康复)协议",
}
SEX_NAMES = {"male": "男", "female": "女"}


class NumberNeeded(DomainError):
    code = "rehab-document-number-needed"
    title = N_("The document needs a number")


class NoSuchWarning(DomainError):
    code = "rehab-no-such-warning"
    title = N_("No such warning on the case")


def term(facts: CaseFacts) -> tuple[date, date]:
    """The term (from the report to its end): a document is made after the report."""
    if facts.reported_on is None or facts.term_ends_on is None:
        raise NotYetReported(
            N_("the person has not reported yet: record the report first"),
            field="case_id",
        )
    return facts.reported_on, facts.term_ends_on


def number_of(given: str | None, facts: CaseFacts, suffix: str) -> str:
    """The number given, else the signed agreement's number with ``suffix``."""
    if given is not None and given.strip():
        return given.strip()
    if facts.agreement_number is None:
        raise NumberNeeded(
            N_("no agreement is signed yet: give the document's number"), field="number"
        )
    return facts.agreement_number + suffix
