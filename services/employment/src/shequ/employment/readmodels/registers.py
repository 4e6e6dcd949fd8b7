"""The registers' queries (台帐): trainings, guidance and certificates, paged.

Each lists people under the office they live in now (the people copy) within a
subtree; the certificate register adds each holder's labour status, so a certificate
still in use by someone back at work stands out. Read from the ledgers' tables
(``assistance_trainings``, ``assistance_guidance``, ``unemployment_certificates``).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from shequ.employment.readmodels.rows import Holder
from shequ.service import TOTAL, Db, Page, fetch_page

Pending = Literal["pending", "all"]
InUse = Literal["in_use", "all"]

# Who, and where they live now: every register starts from the registry copy.
_PERSON = f"""r.name, r.document_masked, o.name AS office_name, r.office, {TOTAL}"""
_LIVING_IN = """JOIN people r USING (person_id)
                LEFT JOIN people_offices o ON o.code = r.office
                WHERE r.office LIKE $1 || '%'"""


class TrainingRow(Holder):
    referral_id: str
    kind: str
    course: str
    provider: str
    referred_on: date
    outcome: str | None
    recorded_on: date | None
    certificate: str | None


class GuidanceRow(Holder):
    kind: str
    given_on: date
    given_by: str | None
    notes: str


class CertificateRow(Holder):
    number: str
    kind: str
    state: str
    issued_on: date
    returned_on: date | None
    cancelled_on: date | None
    labour_status: str | None


async def trainings(
    db: Db, prefix: str, which: Pending, *, page: int, size: int
) -> Page[TrainingRow]:
    """Training referrals within ``prefix`` (those with no outcome yet, or all)."""
    return await fetch_page(
        db,
        TrainingRow,
        f"""SELECT t.referral_id, t.person_id, t.kind, t.course, t.provider,
                   t.referred_on, t.outcome, t.recorded_on, t.certificate, {_PERSON}
            FROM assistance_trainings t {_LIVING_IN}
              AND ($2 = 'all' OR t.outcome IS NULL)
            ORDER BY r.office, t.referred_on, t.seq""",
        prefix,
        which,
        page=page,
        size=size,
    )


async def guidance(db: Db, prefix: str, *, page: int, size: int) -> Page[GuidanceRow]:
    """Guidance given to people living within ``prefix``."""
    return await fetch_page(
        db,
        GuidanceRow,
        f"""SELECT g.person_id, g.kind, g.given_on, g.given_by, g.notes, {_PERSON}
            FROM assistance_guidance g {_LIVING_IN}
            ORDER BY r.office, g.given_on, g.person_id, g.version""",
        prefix,
        page=page,
        size=size,
    )


async def certificates(
    db: Db, prefix: str, which: InUse, *, page: int, size: int
) -> Page[CertificateRow]:
    """Certificates of people living within ``prefix`` (in use, or all)."""
    return await fetch_page(
        db,
        CertificateRow,
        f"""SELECT c.number, c.person_id, c.kind, c.state, c.issued_on,
                   c.returned_on, c.cancelled_on, p.status AS labour_status,
                   {_PERSON}
            FROM unemployment_certificates c
            LEFT JOIN labour_profiles p USING (person_id) {_LIVING_IN}
              AND ($2 = 'all' OR c.state = 'in_use')
            ORDER BY r.office, c.issued_on, c.number""",
        prefix,
        which,
        page=page,
        size=size,
    )
