"""all_catalogs() finds the services' contracts modules, skipping those not built."""

from __future__ import annotations

import sys
from types import ModuleType

import pytest

from shequ.contracts import EventCatalog
from shequ.contracts.catalogs import SERVICES, all_catalogs


def _install(monkeypatch: pytest.MonkeyPatch, service: str, catalog: object) -> None:
    module = ModuleType(f"shequ.contracts.{service}")
    module.CATALOG = catalog  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)


def test_services_with_a_contracts_module_are_listed_in_registry_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for service in SERVICES:
        # None in sys.modules makes the import fail as if the module did not exist.
        monkeypatch.setitem(sys.modules, f"shequ.contracts.{service}", None)
    mediation, registry = EventCatalog("mediation"), EventCatalog("registry")
    _install(monkeypatch, "mediation", mediation)
    _install(monkeypatch, "registry", registry)

    assert all_catalogs() == [registry, mediation]


def test_a_module_whose_catalog_names_another_service_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _install(monkeypatch, "rehab", EventCatalog("employment"))

    with pytest.raises(TypeError, match=r"shequ\.contracts\.rehab\.CATALOG"):
        all_catalogs()
