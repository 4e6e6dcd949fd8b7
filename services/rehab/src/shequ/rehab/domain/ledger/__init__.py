"""An office's rehab case ledger (社区戒毒/康复台帐), row by row. Pure.

What its columns mean as offices keep them (:mod:`._columns`: 姓名, 公民身份号码,
类型, 依据, 决定书编号, 决定机关, 决定日期, 期限(月), 报到日期, 协议书编号, 签订日期,
责任社工) and what a row records on its new case (:mod:`._rows`). The header, the
cells and the report are ``shequ.contracts.ledgers``'s, as for the registry's
resident ledger; finding the person and writing are the handler's
(``handlers/ledger_import``).
"""

from shequ.rehab.domain.ledger._columns import GROUNDS, HEADERS, KINDS, REQUIRED, SAMPLE
from shequ.rehab.domain.ledger._rows import LedgerRow, decide_row, read_row

__all__ = [
    "GROUNDS",
    "HEADERS",
    "KINDS",
    "REQUIRED",
    "SAMPLE",
    "LedgerRow",
    "decide_row",
    "read_row",
]
