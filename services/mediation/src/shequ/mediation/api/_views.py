"""A dispute as a reader sees it: the parties' personal data whole or masked.

Whole for the committee (mediators) and the justice office of the jurisdiction
(``sees_parties``); for every other reader each personal field of an event is
masked — a name keeps its family name, a phone its ends, any other text is hidden.
"""

from __future__ import annotations

from typing import Any

from shequ.access import mask_name, mask_phone
from shequ.contracts.mediation import DisputeEvent, Party
from shequ.contracts.personal import personal_fields

HIDDEN = "***"


def masked_party(party: Party) -> Party:
    """The party's name and phone masked; the rest of art. 29's basics withheld."""
    rep = party.legal_representative
    return Party(
        name=mask_name(party.name),
        person_id=party.person_id,
        phone=mask_phone(party.phone) if party.phone else None,
        address=HIDDEN if party.address else None,
        ethnicity=HIDDEN if party.ethnicity else None,
        occupation=HIDDEN if party.occupation else None,
        legal_representative=mask_name(rep) if rep else None,
    )


def shown(event: DisputeEvent, whole: bool) -> dict[str, Any]:
    """``event`` as JSON for a reader; its personal fields masked unless ``whole``."""
    data = event.model_dump(mode="json")
    if whole:
        return data
    for name in personal_fields(type(event)):
        data[name] = _masked(name, data[name])
    return data


def _masked(name: str, value: Any) -> Any:
    if name == "parties":
        return [masked_party(Party(**p)).model_dump(mode="json") for p in value]
    if name == "attendees":
        return [mask_name(a) for a in value]
    if isinstance(value, list):
        return [{**item, "what": HIDDEN} for item in value]  # obligations
    return HIDDEN if value else value
