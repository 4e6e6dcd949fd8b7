"""RFC 9457 problem details (``application/problem+json``): every API's error body.

``Problem`` is both an exception a route may raise for an ad-hoc refusal and the
value every other error is translated into before it is rendered.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi.responses import JSONResponse

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://shequ.example/problems/"


class Problem(Exception):
    """An HTTP problem: ``status``, a stable ``slug`` (its type URI) and a ``title``.

    ``field`` names the one input at fault (shorthand for a one-entry ``errors``
    list, with ``detail`` as its message); ``errors`` lists several. Without a slug the
    type is ``about:blank`` and the title should be the HTTP status phrase.
    """

    def __init__(
        self,
        status: int,
        title: str | None = None,
        detail: str | None = None,
        *,
        slug: str | None = None,
        field: str | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.title = title or HTTPStatus(status).phrase
        self.detail = detail
        super().__init__(detail or self.title)
        self.type = PROBLEM_TYPE_BASE + slug if slug else "about:blank"
        self.errors = list(errors or [])
        if field is not None:
            self.errors.append({"field": field, "message": detail or self.title})
        self.headers = dict(headers or {})
        self.extensions = dict(extensions or {})

    def body(self, instance: str) -> dict[str, Any]:
        """The JSON members, ``instance`` being the request path."""
        body: dict[str, Any] = {"type": self.type, "title": self.title}
        body["status"] = self.status
        if self.detail is not None:
            body["detail"] = self.detail
        body["instance"] = instance
        if self.errors:
            body["errors"] = self.errors
        return body | self.extensions

    def response(self, instance: str) -> JSONResponse:
        return JSONResponse(
            self.body(instance),
            status_code=self.status,
            headers=self.headers,
            media_type=PROBLEM_MEDIA_TYPE,
        )
