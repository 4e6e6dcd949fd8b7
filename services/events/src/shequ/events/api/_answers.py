"""What every command route answers: the record, its new version, the events."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from pydantic import BaseModel

from shequ.eventstore import Outcome
from shequ.webapi import answers_not_found, set_etag

NOT_FOUND = answers_not_found("No such record, or one outside your subtree")


class Recorded(BaseModel):
    """What a command recorded: the record's id, its new version, the events."""

    id: str
    version: int
    recorded: list[str]


def recorded(record_id: str, outcome: Outcome[Any], response: Response) -> Recorded:
    set_etag(response, outcome.version)
    events = [e.type for e in outcome.events]
    return Recorded(id=record_id, version=outcome.version, recorded=events)
