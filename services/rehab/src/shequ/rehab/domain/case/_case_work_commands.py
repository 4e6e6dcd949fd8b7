"""Commands of social work on a case (seed 002 (3)): notes, peers, referral."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shequ.access import Acting
from shequ.contracts.rehab import CaseWorkKind


@dataclass(frozen=True, kw_only=True)
class RecordCaseNote:
    """A case-work note (个案记录): a home visit, a talk, a call."""

    kind: CaseWorkKind
    noted_on: date
    content: str
    by: Acting


@dataclass(frozen=True, kw_only=True)
class AssignPeerCounsellor:
    """A peer counsellor (朋辈辅导员): a living person the registry knows."""

    counsellor_id: str
    assigned_on: date
    by: Acting


@dataclass(frozen=True, kw_only=True)
class ReferForWork:
    """The client needs work: refer them to the employment service (转介就业)."""

    referred_on: date
    note: str  # neutral: employment's staff read it
    by: Acting
