"""FastAPI plumbing every shequ service uses.

Errors as RFC 9457 problem+json (``install_problem_handlers``, ``Problem``), health
and readiness routes (``health_router``), ledgers as Excel or CSV downloads
(``shequ.webapi.sheets``: titled, A4-ready Excel and CSV), the acting staff member from the bearer
token (``current_actor``), ``If-Match``/``ETag`` versions (``expected_version``,
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
from shequ.webapi._export import (
    Column,
    Language,
    Sheet,
    csv_response,
    csv_text,
    excel_bytes,
    excel_response,
)
from shequ.webapi._handlers import install_problem_handlers, problem_for
from shequ.webapi._health import health_router
from shequ.webapi._openapi import document_problems
from shequ.webapi._problem import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE, Problem
from shequ.webapi._request import RequestModel
from shequ.webapi._tracing import telemetry_config

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "PROBLEM_TYPE_BASE",
    "Column",
    "CurrentActor",
    "ExpectedVersion",
    "Language",
    "Problem",
    "RequestModel",
    "RequiredVersion",
    "Sheet",
    "csv_response",
    "csv_text",
    "current_actor",
    "docs_router",
    "document_problems",
    "excel_bytes",
    "excel_response",
    "expected_version",
    "health_router",
    "install_problem_handlers",
    "problem_for",
    "required_version",
    "set_etag",
    "telemetry_config",
]
