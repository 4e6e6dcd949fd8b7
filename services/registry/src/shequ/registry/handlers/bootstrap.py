"""First run (首次启动): with no staff at all, enrol a district administrator ``admin``.

Without it nobody could sign in to enrol anyone. It opens the district office if it
is not open yet, and takes its password from ``SHEQU_REGISTRY_BOOTSTRAP_PASSWORD`` or
generates one, printed once to stderr in Chinese with what to do next (change it).
A second start finds staff and does nothing; two instances starting at once both
try the same staff id and login, and the loser's conflict is ignored (see
test_the_bootstrap_enrols_one_administrator_once).
"""

from __future__ import annotations

import secrets
import sys

from shequ.access import Acting, OfficeCode, OfficeLevel, Role
from shequ.contracts import Conflict
from shequ.contracts.messages import N_
from shequ.i18n import render
from shequ.registry.handlers import offices
from shequ.registry.handlers import staff as handle
from shequ.registry.readmodels.guards import any_login
from shequ.registry.settings import BootstrapSettings
from shequ.service import Runtime

ADMIN_ID = "staff-admin"
ADMIN_LOGIN = "admin"


async def bootstrap(runtime: Runtime, settings: BootstrapSettings) -> bool:
    """Enrol the first administrator unless staff exist; whether it enrolled one."""
    if await any_login(runtime.pool):
        return False
    code = OfficeCode(settings.office)
    if code.level != OfficeLevel.DISTRICT:
        raise ValueError(
            f"SHEQU_REGISTRY_BOOTSTRAP_OFFICE must name a district, not {code}"
        )
    by = Acting(staff_id=ADMIN_ID, office=code, now=runtime.clock())
    if not await offices.office_is_open(runtime.store, code):
        await offices.open_office(
            runtime.store, by, code=code, name=settings.office_name, kind="district"
        )
    password = settings.password or secrets.token_urlsafe(12)
    try:
        await handle.enrol(
            runtime.store,
            by,
            staff_id=ADMIN_ID,
            login=ADMIN_LOGIN,
            name="administrator",
            office=code,
            roles=frozenset({Role.DISTRICT_ADMIN}),
            employment="full_time",
            password=password,
        )
    except Conflict:
        return False  # another instance enrolled the administrator meanwhile
    if settings.password is None:
        said = N_(
            "shequ registry: first administrator {login} / {password}: sign in and"
            " change the password at once (POST {route})"
        )
        route = f"/api/v1/registry/staff/{ADMIN_ID}/password"
        shown = render(
            said, {"login": ADMIN_LOGIN, "password": password, "route": route}, "zh"
        )
        print(shown, file=sys.stderr, flush=True)
    return True
