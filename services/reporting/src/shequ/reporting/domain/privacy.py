"""What a reader may see of archived records (隐私): rehab data, names, ID numbers.

The archive keeps events as their services wrote them, whole. What leaves reporting
is cut to the reader's clearance: restricted (rehab) data only for the rehab roles,
a person's name only for the offices' own staff, full ID and phone numbers only for
the roles the registry shows them to; everyone else sees them masked the same way the
registry masks them (``shequ.access``). An erased name (姓名已删除) is shown as it is:
there is nothing left to mask.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shequ.access import mask_id, mask_name, mask_phone
from shequ.contracts.personal import ERASED_NAME

_IDENTITY = (("document_number", mask_id), ("phone", mask_phone))


@dataclass(frozen=True)
class Clearance:
    """What one reader may see unmasked; nothing, by default (the audit terminal)."""

    restricted: bool = False
    names: bool = False
    identity: bool = False


def shown(
    data: dict[str, Any], stream_type: str, clearance: Clearance
) -> dict[str, Any]:
    """An event's ``data`` as a reader with ``clearance`` may see it."""
    seen = dict(data)
    if not clearance.identity:
        for field, mask in _IDENTITY:
            if isinstance(seen.get(field), str):
                seen[field] = mask(seen[field])
    # Only a person's name is personal: offices, staff and groups are named openly.
    name = seen.get("name")
    if not clearance.names and stream_type == "person" and isinstance(name, str):
        seen["name"] = masked_name(name)
    return seen


def masked_name(name: str) -> str:
    """``name`` as a reader who may not see names sees it."""
    return name if name == ERASED_NAME else mask_name(name)
