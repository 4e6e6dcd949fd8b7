"""The two ways access fails: not authenticated (401) or not allowed (403).

Either the caller has no valid token, or it has one but may not do this. Each error
carries a reason a staff member or operator can act on: a text marked for the
catalogue (``N_``) with its placeholders as keywords, shown in the reader's language.
"""

from __future__ import annotations

from shequ.contracts.messages import Params, english


class NotAuthenticated(Exception):
    """No usable token: missing, malformed, forged, expired, or of inactive staff.

    ``reason`` says which, so an operator can tell a clock problem from an attack.
    """

    def __init__(self, reason: str, **params: object) -> None:
        self.template = reason
        self.params: Params = params
        self.reason = english(reason, params)
        super().__init__(self.reason)


class AccessDenied(Exception):
    """The actor is authenticated but may not do this; ``reason`` says why."""

    def __init__(self, reason: str, **params: object) -> None:
        self.template = reason
        self.params: Params = params
        self.reason = english(reason, params)
        super().__init__(self.reason)
