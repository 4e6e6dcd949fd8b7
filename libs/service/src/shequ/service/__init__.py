"""The runtime every shequ service shares: declare a service, get a wired app.

Public facade; see README.md. ``shequ-dev run`` (cli.py) starts every installed
service behind one address for ``make run``.
"""

from shequ.service._access import Reader, RestrictedReader, Writer
from shequ.service._app import RuntimeDep, create_service_app, get_runtime
from shequ.service._commands import caused_by, execute_as, new_id, scoped_key
from shequ.service._definition import Hook, ProjectionFactory, ServiceDefinition
from shequ.service._gc import tune_gc
from shequ.service._idempotency import IdempotencyKey
from shequ.service._language import (
    ReaderLanguage,
    heading,
    named_office,
    reader_language,
)
from shequ.service._moments import AsOf, moment
from shequ.service._paging import TOTAL, Db, Page, PageNumber, PageSize, fetch_page
from shequ.service._position import HEADER as POSITION_HEADER
from shequ.service._position import format_position, parse_position
from shequ.service._runtime import Runtime, open_runtime
from shequ.service._settings import ServiceSettings
from shequ.service._states import fold_stream, owns_decider
from shequ.service._throttle import Throttle

__all__ = [
    "POSITION_HEADER",
    "TOTAL",
    "AsOf",
    "Db",
    "Hook",
    "IdempotencyKey",
    "Page",
    "PageNumber",
    "PageSize",
    "ProjectionFactory",
    "Reader",
    "ReaderLanguage",
    "RestrictedReader",
    "Runtime",
    "RuntimeDep",
    "ServiceDefinition",
    "ServiceSettings",
    "Throttle",
    "Writer",
    "caused_by",
    "create_service_app",
    "execute_as",
    "fetch_page",
    "fold_stream",
    "format_position",
    "get_runtime",
    "heading",
    "moment",
    "named_office",
    "new_id",
    "open_runtime",
    "owns_decider",
    "parse_position",
    "reader_language",
    "scoped_key",
    "tune_gc",
]
