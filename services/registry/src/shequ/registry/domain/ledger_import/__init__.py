"""A community's resident ledger (台帐), row by row: what its cells mean, what is wrong.

Pure: cells in, a checked ``PersonRegistered`` or every problem of the row out. The
header and values are read as clerks write them (:mod:`._columns`); each row is
checked by the person decider (:mod:`._rows`); an import's report is
:class:`ImportResult` (``shequ.contracts.ledgers``, shared with rehab's import).
Reading the file and writing the files is the handler's (``handlers/ledger_import``).
"""

from shequ.contracts.ledgers import (
    ImportRefused,
    ImportResult,
    InvalidRow,
    Problem,
    Row,
)
from shequ.registry.domain.ledger_import._columns import HEADERS, REQUIRED
from shequ.registry.domain.ledger_import._rows import ValidRow, check_row, person_id_for

__all__ = [
    "HEADERS",
    "REQUIRED",
    "ImportRefused",
    "ImportResult",
    "InvalidRow",
    "Problem",
    "Row",
    "ValidRow",
    "check_row",
    "person_id_for",
]
