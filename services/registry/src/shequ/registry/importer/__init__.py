"""Bulk import of a community's resident ledger (台帐) from CSV or Excel.

Valid rows become person files (一人一档); each invalid row is reported with its
row number, field and reason; rows whose document is already on file are counted as
already registered, so importing the same file again adds nothing twice. The command
line is ``shequ-registry import FILE --office CODE`` (:mod:`.cli`).
"""

from shequ.registry.importer._load import BATCH_SIZE, Progress, import_ledger
from shequ.registry.importer._result import (
    ImportRefused,
    ImportResult,
    InvalidRow,
    Problem,
)
from shequ.registry.importer._rows import person_id_for

__all__ = [
    "BATCH_SIZE",
    "ImportRefused",
    "ImportResult",
    "InvalidRow",
    "Problem",
    "Progress",
    "import_ledger",
    "person_id_for",
]
