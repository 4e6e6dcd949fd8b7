"""调解记录: every session of the dispute — when, where, who attended, what was said.

Pure. One section per ``MediationSessionRecorded``, in order; the mediators and the
parties sign that the record is true.
"""

from __future__ import annotations

from datetime import date

from shequ.contracts.messages import N_
from shequ.documents import Document, Section, cn_date
from shequ.mediation.domain.documents._model import DisputeFacts, SessionFacts
from shequ.mediation.domain.documents._words import (
    KIND_NAMES,
    NotYetRecorded,
    mediators_sign,
    number_of,
    parties_sign,
    party_lines,
)

TITLE = "人民调解记录"


def _session(n: int, held: SessionFacts) -> Section:
    return Section(
        f"第{n}次调解",
        (
            f"时间：{cn_date(held.held_on)}",
            f"地点：{held.place}",
            f"参加人：{'、'.join(held.attendees)}",
            f"调解情况：{held.summary}",
        ),
    )


def compose(facts: DisputeFacts, number: str | None, issued_on: date) -> Document:
    """The record of the dispute's sessions, or the refusal: none is recorded yet."""
    if not facts.sessions:
        raise NotYetRecorded(
            N_("no session is recorded on the dispute yet"), field="kind"
        )
    return Document(
        kind="session_record",
        title=TITLE,
        number=number_of(number, facts.dispute_id, "记"),
        issued_on=issued_on,
        parties=(*party_lines(facts.parties), ("人民调解委员会", facts.committee)),
        preamble=f"纠纷类别：{KIND_NAMES[facts.kind]}。争议事项：{facts.matter}",
        sections=tuple(
            _session(n, held) for n, held in enumerate(facts.sessions, start=1)
        ),
        closing="以上记录经当事人阅读(或向其宣读)无误。",
        signatures=(*parties_sign(facts.parties), *mediators_sign(facts.mediators)),
    )
