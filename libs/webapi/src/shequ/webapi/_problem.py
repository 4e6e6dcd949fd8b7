"""RFC 9457 problem details (``application/problem+json``): every API's error body.

``Problem`` is both an exception a route may raise for an ad-hoc refusal and the
value every other error is translated into before it is rendered. Its title, detail
and field messages are texts marked for the catalogue (``N_``) with their parameters:
they are shown in the reader's language (Chinese unless ``Accept-Language`` asks for
English) when the body is rendered, and ``Content-Language`` says which.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi.responses import JSONResponse

from shequ.contracts.messages import N_, Msg, Params
from shequ.i18n import DEFAULT_LANGUAGE, TAGS, Language, Named, render, translate

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://shequ.example/problems/"

#: How a service finds the names of office codes (``app.state.office_names``).
OfficeNames = Callable[[list[str]], Awaitable[Mapping[str, str]]]

#: The title of a problem with no type of its own (``about:blank``): its status.
STATUS_TITLES: dict[int, Msg] = {
    400: N_("Bad request"),
    401: N_("Not signed in"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    406: N_("Not acceptable"),
    409: N_("Conflict"),
    412: N_("Precondition failed"),
    413: N_("Content too large"),
    415: N_("Unsupported media type"),
    422: N_("Unprocessable content"),
    428: N_("Precondition required"),
    429: N_("Too many requests"),
    500: N_("Internal server error"),
    503: N_("Service unavailable"),
}


@dataclass(frozen=True)
class FieldProblem:
    """One input at fault: its name (``body.name``, ``header.If-Match``) and why."""

    field: str
    message: str
    params: Params = dataclasses.field(default_factory=dict)

    def body(self, language: Language) -> dict[str, str]:
        return {
            "field": self.field,
            "message": render(self.message, self.params, language),
        }


class Problem(Exception):
    """An HTTP problem: ``status``, a stable ``slug`` (its type URI) and a ``title``.

    ``field`` names the one input at fault (shorthand for a one-entry ``errors``
    list, with ``detail`` as its message); ``errors`` lists several. ``params`` fill
    the placeholders of ``detail``. Without a slug the type is ``about:blank`` and the
    title is the status's.
    """

    def __init__(
        self,
        status: int,
        title: str | None = None,
        detail: str | None = None,
        *,
        slug: str | None = None,
        field: str | None = None,
        errors: Sequence[FieldProblem] = (),
        headers: Mapping[str, str] | None = None,
        extensions: Mapping[str, Any] | None = None,
        params: Params | None = None,
    ) -> None:
        self.status = status
        self.title = title or STATUS_TITLES.get(status, N_("Error"))
        self.detail = detail
        self.params: Params = dict(params or {})
        super().__init__(render(detail or self.title, self.params, "en"))
        self.type = PROBLEM_TYPE_BASE + slug if slug else "about:blank"
        self.errors = list(errors)
        if field is not None:
            self.errors.append(FieldProblem(field, detail or self.title, self.params))
        self.headers = dict(headers or {})
        self.extensions = dict(extensions or {})

    async def name_offices(self, office_names: OfficeNames | None) -> None:
        """Show each office a parameter names (``office``, ``…_office``) with its name.

        A person reads 东向社区（441900102001）, not a bare code. Names come from the
        service; a look-up that fails leaves the codes: the refusal still goes out.
        """
        offices = {
            k: v
            for k, v in self.params.items()
            if (k == "office" or k.endswith("_office")) and isinstance(v, str)
        }
        # A 404 names what the reader may not know exists: its name would tell.
        if not offices or office_names is None or self.status == 404:
            return
        try:
            names = await office_names(sorted(set(offices.values())))
        except Exception:
            return
        named = {k: Named(v, names[v]) for k, v in offices.items() if v in names}
        self.params = {**self.params, **named}
        self.errors = [
            FieldProblem(e.field, e.message, {**e.params, **named})
            if offices.keys() & e.params.keys()
            else e
            for e in self.errors
        ]

    def body(
        self, instance: str, language: Language = DEFAULT_LANGUAGE
    ) -> dict[str, Any]:
        """The JSON members in ``language``, ``instance`` being the request path."""
        body: dict[str, Any] = {
            "type": self.type,
            "title": translate(self.title, language),
        }
        body["status"] = self.status
        if self.detail is not None:
            body["detail"] = render(self.detail, self.params, language)
        body["instance"] = instance
        if self.errors:
            body["errors"] = [e.body(language) for e in self.errors]
        return body | self.extensions

    def response(
        self, instance: str, language: Language = DEFAULT_LANGUAGE
    ) -> JSONResponse:
        return JSONResponse(
            self.body(instance, language),
            status_code=self.status,
            headers=self.headers | {"Content-Language": TAGS[language]},
            media_type=PROBLEM_MEDIA_TYPE,
        )
