"""The runtime every shequ service shares: declare a service, get a wired app.

Public facade; see README.md. ``shequ-dev run`` (cli.py) starts every installed
service behind one address for ``make run``.
"""

from shequ.service._app import RuntimeDep, create_service_app, get_runtime
from shequ.service._definition import Hook, ProjectionFactory, ServiceDefinition
from shequ.service._gc import tune_gc
from shequ.service._position import HEADER as POSITION_HEADER
from shequ.service._position import format_position, parse_position
from shequ.service._runtime import Runtime, open_runtime
from shequ.service._settings import ServiceSettings
from shequ.service._staff import InactiveStaff

__all__ = [
    "POSITION_HEADER",
    "Hook",
    "InactiveStaff",
    "ProjectionFactory",
    "Runtime",
    "RuntimeDep",
    "ServiceDefinition",
    "ServiceSettings",
    "create_service_app",
    "format_position",
    "get_runtime",
    "open_runtime",
    "parse_position",
    "tune_gc",
]
