"""The district's retention rules (保存期限): how long a kind of record is kept.

Stream ``retention-<record_kind>`` (stream type ``retention_rule``), one per kind of
record. The registry applies the rule in force every hour: a file past it is erased
(``PersonErased`` with ground ``retention_ended``) unless a legal hold keeps it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shequ.contracts._event import Event
from shequ.contracts.registry._types import OfficeCodeText

RecordKind = Literal["closed_person_file"]
"""A kind of record a retention rule covers: a person file closed by death or merger
(已关闭的人员档案)."""


class RetentionRuleSet(Event):
    """From now on, ``record_kind`` is erased ``erase_after_years`` after it closed."""

    type: Literal["RetentionRuleSet"] = "RetentionRuleSet"
    stream_type = "retention_rule"
    record_kind: RecordKind
    erase_after_years: int = Field(ge=1, le=100)
    office: OfficeCodeText


# Every event of a ``retention_rule`` stream.
RetentionRuleEvent = RetentionRuleSet
