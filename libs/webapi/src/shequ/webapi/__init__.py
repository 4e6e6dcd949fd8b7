"""FastAPI plumbing every shequ service uses.

Errors as RFC 9457 problem+json (``install_problem_handlers``, ``Problem``), in the
reader's language; health and readiness routes (``health_router``); ledgers as offices
print them (``shequ.webapi.sheets``); the acting staff member from the bearer token
(``current_actor``); ``If-Match``/``ETag`` versions (``expected_version``,
``set_etag``) and the settings for FastAPI's own request tracing (``telemetry_config``).
"""

from shequ.webapi._dependencies import (
    CurrentActor,
    ExpectedVersion,
    RequiredVersion,
    current_actor,
    expected_version,
    required_version,
    set_etag,
)
from shequ.webapi._docs import docs_router
from shequ.webapi._handlers import install_problem_handlers, problem_for
from shequ.webapi._health import health_router
from shequ.webapi._openapi import answers_not_found, document_problems
from shequ.webapi._problem import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE, Problem
from shequ.webapi._request import RequestModel, refuse_unsafe
from shequ.webapi._tracing import telemetry_config
from shequ.webapi._validation import marked_error

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "PROBLEM_TYPE_BASE",
    "CurrentActor",
    "ExpectedVersion",
    "Problem",
    "RequestModel",
    "RequiredVersion",
    "answers_not_found",
    "current_actor",
    "docs_router",
    "document_problems",
    "expected_version",
    "health_router",
    "install_problem_handlers",
    "marked_error",
    "problem_for",
    "refuse_unsafe",
    "required_version",
    "set_etag",
    "telemetry_config",
]
