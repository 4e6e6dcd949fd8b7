"""The registry of every service's event catalog (事件目录总册), for tools needing all.

Each service's published events live in ``shequ.contracts.<service>``, which exports
``CATALOG``. The schema generator and cross-service checks read them through
:func:`all_catalogs`; a service whose contracts module does not exist yet is skipped,
so the registry can name services before they are built.
"""

from __future__ import annotations

import importlib

from shequ.contracts._catalog import EventCatalog

# Fixed order, so generated files and reports come out the same on every run.
SERVICES = (
    "registry",
    "employment",
    "rehab",
    "mediation",
    "events",
    "reporting",
    "police",  # a partner: its events come from the police's system (rehab reads them)
)


def all_catalogs() -> list[EventCatalog]:
    """The ``CATALOG`` of every service in :data:`SERVICES` that has a contracts module.

    Only a missing ``shequ.contracts.<service>`` module is skipped: an import error
    inside a module that exists is raised, as is a ``CATALOG`` that is not an
    :class:`EventCatalog` for that service.
    """
    catalogs = []
    for service in SERVICES:
        name = f"shequ.contracts.{service}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        catalog = getattr(module, "CATALOG", None)
        if not isinstance(catalog, EventCatalog) or catalog.service != service:
            raise TypeError(f"{name}.CATALOG must be the EventCatalog of {service!r}")
        catalogs.append(catalog)
    return catalogs
