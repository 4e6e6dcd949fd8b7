"""Work plans over HTTP: targets set, replaced and withdrawn; refusals write nothing."""

from __future__ import annotations

from shequ.access import Role
from shequ.contracts.registry import OfficeOpened
from shequ.eventstore import NewStream
from shequ.testing.feeds import COMMUNITY_A, COMMUNITY_B, DISTRICT, STREET_A, STREET_B

PLANS = "/api/v1/reporting/work-plans"
RATE = {"comparison": "at_least", "target": 0.96, "note": "区下达指标"}
ZERO = {"comparison": "at_most", "target": 0, "note": "动态清零"}


def _target(office: str, metric: str, year: int = 2026) -> str:
    return f"{PLANS}/{office}/{year}/targets/{metric}"


def _at(headers: dict, version: int) -> dict:
    """``headers`` with ``If-Match`` the plan's version ``version``."""
    return {**headers, "If-Match": f'"{version}"'}


def _view(metric: str, body: dict) -> dict:
    return {"metric": metric, **body}


async def _events(reporting, office: str, year: int = 2026) -> list[tuple]:
    envelopes = await reporting.runtime.store.read_stream(
        f"workplan/{office}/{year}", missing_ok=True
    )
    return [(e.event_type, e.version, e.actor, e.office, e.data) for e in envelopes]


async def test_targets_are_set_replaced_and_withdrawn_an_event_each(
    reporting, token
) -> None:
    worker = token(Role.COMMUNITY_WORKER, COMMUNITY_A, staff_id="worker-a")
    admin = token(Role.STREET_ADMIN, STREET_A, staff_id="admin-a")

    first = await reporting.http.put(
        _target(COMMUNITY_A, "employment_rate"), json=RATE, headers=_at(worker, 0)
    )
    same = await reporting.http.put(
        _target(COMMUNITY_A, "employment_rate"), json=RATE, headers=_at(worker, 1)
    )
    raised = {**RATE, "target": 0.97, "note": "街道调高"}
    await reporting.http.put(
        _target(COMMUNITY_A, "employment_rate"), json=raised, headers=_at(admin, 1)
    )
    await reporting.http.put(
        _target(COMMUNITY_A, "zero_employment_households"),
        json=ZERO,
        headers=_at(worker, 2),
    )
    withdrawn = await reporting.http.delete(
        _target(COMMUNITY_A, "employment_rate"),
        params={"reason": "指标调整"},
        headers=_at(admin, 3),
    )
    read = await reporting.http.get(
        f"{PLANS}/{COMMUNITY_A}/2026", headers=token(Role.AUDITOR, STREET_A)
    )

    assert first.status_code == 200, first.text
    assert first.json() == {
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "year": 2026,
        "version": 1,
        "targets": [_view("employment_rate", RATE)],
    }
    assert (same.json()["version"], same.headers["etag"]) == (1, '"1"')
    plan = {
        "office": COMMUNITY_A,
        "office_name": f"office {COMMUNITY_A}",
        "year": 2026,
        "version": 4,
        "targets": [_view("zero_employment_households", ZERO)],
    }
    assert withdrawn.json() == plan
    assert read.json() == plan
    assert read.headers["etag"] == '"4"'
    assert await _events(reporting, COMMUNITY_A) == [
        (
            "WorkPlanTargetSet",
            1,
            "worker-a",
            COMMUNITY_A,
            {"office": COMMUNITY_A, "year": 2026, "metric": "employment_rate", **RATE},
        ),
        (
            "WorkPlanTargetSet",
            2,
            "admin-a",
            STREET_A,
            {
                "office": COMMUNITY_A,
                "year": 2026,
                "metric": "employment_rate",
                **raised,
            },
        ),
        (
            "WorkPlanTargetSet",
            3,
            "worker-a",
            COMMUNITY_A,
            {
                "office": COMMUNITY_A,
                "year": 2026,
                "metric": "zero_employment_households",
                **ZERO,
            },
        ),
        (
            "WorkPlanTargetWithdrawn",
            4,
            "admin-a",
            STREET_A,
            {
                "office": COMMUNITY_A,
                "year": 2026,
                "metric": "employment_rate",
                "reason": "指标调整",
            },
        ),
    ]


async def test_a_plan_without_targets_reads_empty_at_version_0(
    reporting, token
) -> None:
    answer = await reporting.http.get(f"{PLANS}/{COMMUNITY_B}/2027", headers=token())

    assert answer.json() == {
        "office": COMMUNITY_B,
        "office_name": f"office {COMMUNITY_B}",
        "year": 2027,
        "version": 0,
        "targets": [],
    }
    assert answer.headers["etag"] == '"0"'


# (method, path, body, query, problem type, field); each alone is refused.
REFUSALS = [
    (
        "put",
        _target(COMMUNITY_A, "employment_rate"),
        {**RATE, "target": 1.2},
        {},
        "target-out-of-range",
        "target",
    ),
    (
        "put",
        _target(COMMUNITY_A, "employment_rate"),
        {**RATE, "target": 0},
        {},
        "target-out-of-range",
        "target",
    ),
    (
        "put",
        _target(COMMUNITY_A, "new_jobs"),
        {**RATE, "target": 2.5},
        {},
        "target-out-of-range",
        "target",
    ),
    (
        "put",
        _target(COMMUNITY_A, "registered_unemployed"),
        {**ZERO, "target": -1},
        {},
        "target-out-of-range",
        "target",
    ),
    (
        "put",
        _target(COMMUNITY_A, "new_jobs", 1999),
        {**RATE, "target": 100},
        {},
        "year-out-of-range",
        "year",
    ),
    (
        "delete",
        _target(COMMUNITY_A, "new_jobs"),
        None,
        {"reason": "指标调整"},
        "target-not-set",
        "metric",
    ),
    (
        "delete",
        _target(COMMUNITY_A, "employment_rate"),
        None,
        {"reason": "  "},
        "blank-field",
        "reason",
    ),
    (
        "put",
        _target("441900101099", "new_jobs"),
        {**RATE, "target": 100},
        {},
        "office-not-known",
        "office",
    ),
]


async def test_a_refused_target_answers_with_the_field_at_fault_and_writes_nothing(
    reporting, token
) -> None:
    await reporting.http.put(
        _target(COMMUNITY_A, "employment_rate"), json=RATE, headers=_at(token(), 0)
    )
    before = await _events(reporting, COMMUNITY_A)

    answers = [
        await reporting.http.request(
            method,
            path,
            json=body,
            params=params,
            # The version each plan stands at: only the rule at fault refuses.
            headers=_at(token(), 1 if COMMUNITY_A in path and "2026" in path else 0),
        )
        for method, path, body, params, *_ in REFUSALS
    ]

    assert [
        (
            a.status_code,
            a.headers["content-type"],
            a.json()["type"].split("/")[-1],
            a.json()["errors"][0]["field"],
        )
        for a in answers
    ] == [
        (
            404 if code == "office-not-known" else 422,
            "application/problem+json",
            code,
            field,
        )
        for *_, code, field in REFUSALS
    ]
    assert await _events(reporting, COMMUNITY_A) == before
    assert await _events(reporting, COMMUNITY_A, 1999) == []
    assert await _events(reporting, "441900101099") == []


async def test_a_grid_has_no_plan_to_read(reporting, token) -> None:
    grid = f"{COMMUNITY_A}001"
    opened = OfficeOpened(
        code=grid, name="一网格", kind="grid", parent_code=COMMUNITY_A
    )
    await reporting.registry.start([NewStream("office", grid, [opened])])
    await reporting.settle()

    answer = await reporting.http.get(f"{PLANS}/{grid}/2026", headers=token())

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "office"


# (role, the staff member's office, the plan's office, status)
WRITERS = [
    # Another street's offices are answered as unknown ones (office-not-known).
    (Role.COMMUNITY_WORKER, STREET_A, STREET_B, 404),
    (Role.STREET_ADMIN, STREET_A, COMMUNITY_B, 404),
    (Role.COMMUNITY_WORKER, STREET_A, COMMUNITY_A, 403),  # staff above, not an admin
    (Role.AUDITOR, DISTRICT, COMMUNITY_A, 403),  # auditors read only
    (Role.EMPLOYMENT_OFFICER, COMMUNITY_A, COMMUNITY_A, 403),
    (Role.COMMUNITY_WORKER, STREET_A, STREET_A, 200),  # the office's own staff
    (Role.COMMUNITY_WORKER, COMMUNITY_A, COMMUNITY_A, 200),
    (Role.STREET_ADMIN, STREET_A, COMMUNITY_A, 200),  # an admin above it
    (Role.DISTRICT_ADMIN, DISTRICT, COMMUNITY_B, 200),
]


async def test_the_offices_own_staff_and_admins_above_it_set_its_targets(
    reporting, token
) -> None:
    statuses = []
    for n, (role, staff_office, office, _) in enumerate(WRITERS):
        version = len(await _events(reporting, office))
        answer = await reporting.http.put(
            _target(office, "new_jobs"),
            json={**RATE, "target": 100 + n},
            headers=_at(token(role, staff_office), version),
        )
        statuses.append(answer.status_code)

    assert statuses == [status for *_, status in WRITERS]
    written = {
        o: len(await _events(reporting, o))
        for o in (STREET_A, STREET_B, COMMUNITY_A, COMMUNITY_B)
    }
    assert written == {STREET_A: 1, STREET_B: 0, COMMUNITY_A: 2, COMMUNITY_B: 1}


async def test_a_stale_if_match_is_refused_with_412(reporting, token) -> None:
    path = _target(COMMUNITY_A, "new_jobs")
    await reporting.http.put(
        path, json={**RATE, "target": 100}, headers=_at(token(), 0)
    )

    stale = await reporting.http.put(
        path, json={**RATE, "target": 120}, headers={**token(), "If-Match": '"0"'}
    )
    fresh = await reporting.http.put(
        path, json={**RATE, "target": 120}, headers={**token(), "If-Match": '"1"'}
    )

    assert stale.status_code == 412
    assert (fresh.status_code, fresh.headers["etag"]) == (200, '"2"')
