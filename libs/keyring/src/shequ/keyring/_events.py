"""Sealing events for the store: their personal fields out, under the subject's key."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from shequ.contracts import Event
from shequ.contracts.personal import personal_fields, subject_field
from shequ.keyring import _crypto
from shequ.keyring._ring import KeyRing


def subject_of(event: Event, stream_id: str) -> str | None:
    """Whose personal data ``event`` holds, or None when it holds none."""
    model = type(event)
    if not personal_fields(model):
        return None
    name = subject_field(model)
    return stream_id if name is None else str(getattr(event, name))


async def seal_events(
    ring: KeyRing,
    stream_ids: Sequence[str],
    events: Sequence[Event],
    *,
    shred_erased: bool = False,
) -> list[str]:
    """Each event's payload JSON as stored: personal fields sealed, the rest plain.

    ``stream_ids[i]`` is the stream ``events[i]`` is appended to. The subjects' keys
    are fetched (or made) in one query; an erased subject refuses the whole append,
    unless ``shred_erased``: then its fields are sealed under a key thrown away at
    once, so they read as erased like the rest of its events. That is for copying
    an old store, which may hold a since-erased person in clear (``reseal``).
    """
    subjects = [subject_of(e, s) for e, s in zip(events, stream_ids, strict=True)]
    wanted = {s for s in subjects if s is not None}
    shredded = await ring.erased(wanted) if shred_erased and wanted else set()
    keys = await ring.keys_for_writing(wanted - shredded) if wanted else {}
    keys |= {subject: os.urandom(32) for subject in shredded}
    stored = []
    for event, subject in zip(events, subjects, strict=True):
        if subject is None:
            stored.append(event.payload_json())
            continue
        payload = event.model_dump(mode="json", exclude={"type"})
        sealed = _crypto.seal_payload(
            payload,
            list(personal_fields(type(event))),
            event_type=event.type,
            subject=subject,
            key=keys[subject],
        )
        stored.append(json.dumps(sealed, ensure_ascii=False, separators=(",", ":")))
    return stored
