"""An office's people's mediation ledger (人民调解台帐), row by row. Pure.

What its columns mean as offices keep them (:mod:`._columns`: 编号, 受理日期, 来源,
纠纷类型, 当事人 with 性别, 年龄 and phone, 纠纷简要情况, 涉及金额, 调解员, 调解日期,
调解结果, 协议形式, 协议内容, 协议金额, 履行情况, 回访日期, 结案日期) and what a row
records on its dispute (:mod:`._rows`). The header, the cells and the report are
``shequ.contracts.ledgers``'s, as for rehab's case ledger; naming the mediators and
writing are the handler's (``handlers/ledger_import``).
"""

from shequ.mediation.domain.ledger._columns import HEADERS, REQUIRED, SAMPLE
from shequ.mediation.domain.ledger._rows import LedgerRow, decide_row, read_row

__all__ = ["HEADERS", "REQUIRED", "SAMPLE", "LedgerRow", "decide_row", "read_row"]
