"""A running reporting service per test, fed by real registry and employment streams.

Both sources are :class:`Feed` stores with their relays (libs/testing), publishing to
``SHEQU_REGISTRY`` and ``SHEQU_EMPLOYMENT``; a third feed publishes rehab's own events
(``shequ.contracts.rehab``), which reporting must keep from readers without the right
role, a fourth mediation's (``shequ.contracts.mediation``). ``settle()`` waits
until every reporting projection has caught up with every stream.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from shequ.access import Role
from shequ.contracts import Event
from shequ.contracts.employment import CATALOG as EMPLOYMENT
from shequ.contracts.employment import (
    InformationSource,
    LabourStatus,
    LabourStatusRecorded,
    ZeroEmploymentHouseholdIdentified,
)
from shequ.contracts.mediation import CATALOG as MEDIATION
from shequ.contracts.rehab import CATALOG as REHAB
from shequ.contracts.rehab import RehabDecisionReceived
from shequ.eventstore import AppendResult, Metadata
from shequ.reporting.app import create_app
from shequ.service import Runtime, ServiceSettings
from shequ.testing.feeds import Feed, RegistryFeed, open_feed, open_registry_feed
from shequ.testing.tokens import PUBLIC_KEY, bearer, staff

# Services act as a role without UPDATE or DELETE on events, as under make run.
ROLE = "shequ_reporting"
Token = Callable[..., dict[str, str]]


def decision(
    person: str,
    office: str,
    *,
    decided_on: date = date(2026, 3, 1),
    term_months: int = 24,
    case_id: str | None = None,
) -> RehabDecisionReceived:
    """The police's decision (决定书) opening a community detox case of ``person``."""
    return RehabDecisionReceived(
        case_id=case_id or f"case-{uuid.uuid4()}",
        person_id=person,
        office=office,
        kind="community_detox",
        ground="first_time",
        decision_number="东公(禁)决字〔2026〕1号",
        police_organ="东城派出所",
        decided_on=decided_on,
        term_months=term_months,
        report_by=decided_on + timedelta(days=15),
        received_from="police",
    )


@pytest.fixture
def token() -> Token:
    def make(
        role: Role = Role.DISTRICT_ADMIN,
        office: str = "441900000000",
        staff_id: str = "staff-1",
    ) -> dict[str, str]:
        return bearer(staff(role, office=office, staff_id=staff_id), datetime.now(UTC))

    return make


@dataclass
class Reporting:
    http: httpx.AsyncClient
    runtime: Runtime
    registry: RegistryFeed
    employment: Feed
    rehab: Feed
    mediation: Feed

    async def settle(self, within: float = 10.0) -> None:
        for feed in (self.registry, self.employment, self.rehab, self.mediation):
            await feed.publish()
        for runner in self.runtime.runners.values():
            for status in await runner.status():
                reached = await runner.wait_until(
                    status.source, status.stream_last_seq, within
                )
                assert reached, f"{runner.projection.name} lags {status}"

    async def labour(
        self,
        person: str,
        office: str,
        status: LabourStatus,
        *,
        since: date = date(2026, 3, 1),
        reason: str = "入户调查",
        source: InformationSource = "home_visit",
        by: str | None = None,
        acting_from: str | None = None,
    ) -> AppendResult:
        """Employment records ``person``'s labour status.

        By the staff member ``by`` acting from ``acting_from`` (the person's office if
        absent), or by the feed itself.
        """
        event = LabourStatusRecorded(
            person_id=person,
            office=office,
            status=status,
            employer="示范厂" if status == "employed" else None,
            since=since,
            reason=reason,
            source=source,
        )
        acting = Metadata(actor=by, office=acting_from or office) if by else None
        return await self.employment.append(f"labour/{person}", [event], acting)

    async def rehab_case(
        self,
        person: str,
        office: str,
        *later: Event,
        by: str | None = None,
        **opened: Any,
    ) -> str:
        """A rehab case of ``person`` opened by the police's decision, then ``later``.

        Recorded by ``by`` (acting from ``office``), or by the feed; returns its id.
        """
        first = decision(person, office, **opened)
        acting = Metadata(actor=by, office=office) if by else None
        stream = f"rehab_case/{first.case_id}"
        await self.rehab.append(stream, [first, *later], acting)
        return first.case_id

    async def rehab_events(self, case_id: str, *events: Event) -> AppendResult:
        """Rehab records ``events`` on the case, later than what it holds."""
        return await self.rehab.append(f"rehab_case/{case_id}", list(events))

    async def set_targets(
        self,
        plan: str,
        targets: dict[str, tuple[Any, ...]],
        headers: dict[str, str],
        note: str = "",
    ) -> None:
        """Set each ``metric: (comparison, target, …)`` of ``plan``, one at a time."""
        for metric, (comparison, target, *_) in targets.items():
            read = await self.http.get(plan, headers=headers)
            body = {"comparison": comparison, "target": target, "note": note}
            answer = await self.http.put(
                f"{plan}/targets/{metric}",
                json=body,
                headers={**headers, "If-Match": read.headers["etag"]},
            )
            assert answer.status_code == 200, answer.text

    async def progress(
        self, plan: str, within: str, year: int, headers: dict[str, str]
    ) -> tuple[dict[str, tuple[Any, ...]], dict[str, Any], dict[str, list[Any]]]:
        """``plan``'s dashboard and the overview of ``within``, read now.

        Each target as ``(comparison, target, actual, met)``, the overview's actual of
        each metric, and each target's trend by month.
        """
        board = await self.http.get(f"{plan}/dashboard", headers=headers)
        overview = await self.http.get(
            "/api/v1/reporting/work-plans",
            params={"within": within, "year": year},
            headers=headers,
        )
        assert board.status_code == 200, board.text
        assert overview.status_code == 200, overview.text
        found = board.json()["targets"]
        return (
            {
                t["metric"]: (t["comparison"], t["target"], t["actual"], t["met"])
                for t in found
            },
            {i["metric"]: i["actual"] for i in overview.json()["items"]},
            {t["metric"]: t["trend"] for t in found},
        )

    async def zero_household(self, office: str, person: str, on: date) -> str:
        """A household of ``person``, identified ``on`` as having no one in work."""
        household = await self.registry.household(office, person)
        event = ZeroEmploymentHouseholdIdentified(
            household_id=household,
            office=office,
            unemployed_person_ids=[person],
            identified_on=on,
        )
        await self.employment.append(f"zero-household/{household}", [event])
        return household


@pytest.fixture
def reporting_clock() -> Callable[[], datetime] | None:
    """Reporting's clock: the real one, unless a test module gives its own."""
    return None


@pytest.fixture
async def reporting(
    pg_dsn: str,
    pg_dsns: Callable[[], Awaitable[str]],
    nats_server_url: str,
    nats_client: NatsClient,
    reporting_clock: Callable[[], datetime] | None,
) -> AsyncIterator[Reporting]:
    """Reporting fed by registry (offices open), employment, rehab, mediation feeds."""
    js = nats_client.jetstream()
    for name in ("SHEQU_REPORTING", "SHEQU_MEDIATION", "SHEQU_EVENTS"):
        with contextlib.suppress(NotFoundError):
            await js.delete_stream(name)
    now = datetime.now(UTC)
    settings = ServiceSettings(
        database_url=pg_dsn,
        database_role=ROLE,
        nats_url=nats_server_url,
        token_public_key=PUBLIC_KEY,
    )
    async with (
        open_registry_feed(await pg_dsns(), nats_client, now) as registry,
        open_feed(EMPLOYMENT, await pg_dsns(), nats_client, now) as employment,
        open_feed(REHAB, await pg_dsns(), nats_client, now) as rehab,
        open_feed(MEDIATION, await pg_dsns(), nats_client, now) as mediation,
    ):
        await registry.publish()
        app: FastAPI = create_app(settings, reporting_clock)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://reporting",
                # Tests read rules in English; Chinese, the default, is tested apart.
                headers={"Accept-Language": "en"},
            ) as http,
        ):
            service = Reporting(
                http, app.state.runtime, registry, employment, rehab, mediation
            )
            await service.settle()
            yield service
    for name in ("SHEQU_REPORTING", "SHEQU_MEDIATION", "SHEQU_EVENTS"):
        with contextlib.suppress(NotFoundError):
            await js.delete_stream(name)
