"""Who sees a dispute's parties (issue #17): whole for the committee and the justice
office of the jurisdiction, masked for every other reader; nothing for the rest.
"""

from __future__ import annotations

import httpx

from shequ.access import Role
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B, STREET_A, STREET_B

from .conftest import MEDIATION, Mediation, Token


async def _shown(
    mediation: Mediation, headers: dict[str, str], dispute_id: str
) -> httpx.Response:
    return await mediation.http.get(
        f"{MEDIATION}/disputes/{dispute_id}", headers=headers
    )


async def test_the_justice_office_of_the_jurisdiction_sees_the_parties_whole(
    mediation: Mediation, token: Token
) -> None:
    dispute_id = await mediation.register(token())
    await mediation.settle()

    answer = await _shown(mediation, token(Role.JUSTICE_OFFICE, STREET_A), dispute_id)

    assert answer.json()["whole"] is True
    registered = answer.json()["events"][0]
    assert [p["name"] for p in registered["parties"]] == ["王建华", "李秀英"]
    assert registered["matter"] == "楼上漏水致楼下天花板受损"


async def test_other_readers_see_the_parties_masked(
    mediation: Mediation, token: Token
) -> None:
    dispute_id = await mediation.register(token())
    await mediation.settle()

    for role, office in (
        (Role.COMMUNITY_WORKER, COMMUNITY_A),
        (Role.AUDITOR, STREET_A),
    ):
        answer = await _shown(mediation, token(role, office), dispute_id)
        registered = answer.json()["events"][0]
        assert answer.json()["whole"] is False
        assert registered["parties"][0] == {
            "name": "王**",
            "person_id": None,
            "phone": "139****9001",
            "address": "***",
            "sex": None,
            "birth_date": None,
            "age": None,
            "ethnicity": None,
            "occupation": None,
            "legal_representative": None,
        }
        assert registered["matter"] == "***"
        assert "王建华" not in answer.text
    ledger = await mediation.http.get(
        f"{MEDIATION}/ledger", headers=token(Role.STREET_ADMIN, STREET_A)
    )
    assert ledger.json()["items"][0]["parties_shown"] == ["王**", "李**"]
    assert ledger.json()["items"][0]["matter"] is None


async def test_a_dispute_outside_the_subtree_is_unknown_and_other_roles_are_refused(
    mediation: Mediation, token: Token
) -> None:
    dispute_id = await mediation.register(token())
    await mediation.settle()

    elsewhere = await _shown(
        mediation, token(Role.JUSTICE_OFFICE, STREET_B), dispute_id
    )
    unknown = await _shown(mediation, token(Role.JUSTICE_OFFICE, STREET_B), "dispute-x")
    rehab = await _shown(mediation, token(Role.REHAB_WORKER, COMMUNITY_A), dispute_id)
    other_mediator = await mediation.act(
        token(Role.MEDIATOR, COMMUNITY_B, "mediator-b"),
        dispute_id,
        "accept",
        accepted_on="2026-11-02",
    )

    assert (elsewhere.status_code, unknown.status_code) == (404, 404)
    assert elsewhere.json()["title"] == unknown.json()["title"]
    assert rehab.status_code == 403
    assert other_mediator.status_code == 404
