"""Audit (审计): who did what, a case as it stood on any date, and tamper evidence.

The querying lives here so the HTTP API (``shequ.reporting.api.audit``) and the
command line (``shequ audit``, ``cli/audit.py``) answer with the same functions: ``log``
reads the audit log from the event archive, ``replay`` shows a stream up to a moment
as its owner's rules fold it, ``verify`` recomputes every service store's hash chains.
"""

from shequ.reporting.readmodels.audit.log import AuditEvent, LogQuery, audit_log
from shequ.reporting.readmodels.audit.replay import AmbiguousStream, Replay, replay
from shequ.reporting.readmodels.audit.verify import BrokenLink, StoreCheck, check_stores

__all__ = [
    "AmbiguousStream",
    "AuditEvent",
    "BrokenLink",
    "LogQuery",
    "Replay",
    "StoreCheck",
    "audit_log",
    "check_stores",
    "replay",
]
