"""Backup and restore, drilled (备份恢复演练): a district's stores into a fresh server.

The registry, employment and reporting run under ``shequ-dev run`` as a user runs them
(embedded PostgreSQL and NATS of their own, in a project folder under /tmp). Offices
are opened, people registered with their ID numbers, a household formed and two
labour statuses recorded; the ledgers and figures each service
shows are taken over HTTP. ``shequ-dev backup`` dumps every store and the key table;
the stack is stopped. A FRESH PostgreSQL (embedded, free port) gets the backup through
``shequ-dev restore``, which verifies every hash chain; a second stack, with a fresh
NATS and only the master key carried over, starts on the restored stores: the relays
publish every event into empty streams, the projections rebuild, and the same figures
come out. A command after the restore is stored and projected (the renumbered
transaction ids order before it), the old password still signs in (credentials are
kept), and an ID number already registered is still refused (the unique claims are
kept).

Everything started here is stopped by pid, even when the test fails.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from shequ.devinfra import EmbeddedPostgres
from shequ.testing.console import resident_id
from shequ.testing.supervisor import SupervisorRun, project_folder, start_supervisor

pytestmark = [pytest.mark.servers, pytest.mark.slow]

PASSWORD = "backup-drill-pw"  # the bootstrap administrator's, given by environment
STREET, COMMUNITY = "441900106000", "441900106001"  # offices no demo uses
SERVICES = "registry,employment,reporting"
PEOPLE = 12
Auth = dict[str, str]


@pytest.fixture
def projects() -> Iterator[Callable[[], Path]]:
    with project_folder("shequ-backup-a-") as a, project_folder("shequ-backup-b-") as b:
        made = iter([a, b])
        yield lambda: next(made)


@pytest.fixture
def runs() -> Iterator[list[SupervisorRun]]:
    started: list[SupervisorRun] = []
    yield started
    for run in started:
        run.stop()


@pytest.fixture
def fresh_postgres() -> Iterator[EmbeddedPostgres]:
    server = EmbeddedPostgres().start()
    yield server
    server.stop()


def _start(project: Path, runs: list[SupervisorRun], **env: str) -> SupervisorRun:
    runs.append(
        start_supervisor(
            project,
            *("--no-demo", "--services", SERVICES),
            env={"SHEQU_REGISTRY_BOOTSTRAP_PASSWORD": PASSWORD, **env},
            ready_timeout=120,
        )
    )
    return runs[-1]


def _shequ_dev(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SHEQU_")}
    return subprocess.run(
        [sys.executable, "-c", "from shequ.service.cli import main; main()", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _audit_env(project: Path) -> dict[str, str]:
    """What ``make run`` writes for a terminal: ``export NAME=value`` lines."""
    found = {}
    for line in (project / ".run" / "audit.env").read_text().splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        found[name] = shlex.split(value)[0]
    return found


# -- the client ------------------------------------------------------------------


def _sign_in(http: httpx.Client) -> Auth:
    answer = http.post(
        "/api/v1/registry/sign-in", json={"login": "admin", "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def _person(n: int) -> dict[str, object]:
    born = f"19{70 + n:02d}0{1 + n % 9}1{n % 10}"
    return {
        "name": f"备份{n:02d}",
        "office": COMMUNITY,
        "address": f"恢复路 {n} 号",
        "document_kind": "resident_id",
        "document_number": resident_id(f"441900{born}{n:03d}"),
        "phone": f"1380000{n:04d}",
        "birth_date": f"{born[:4]}-{born[4:6]}-{born[6:]}",
        "sex": "male" if n % 2 else "female",
    }


def _post(http: httpx.Client, auth: Auth, path: str, body: object, key: str) -> Any:
    answer = http.post(path, json=body, headers={**auth, "Idempotency-Key": key})
    assert answer.is_success, answer.text
    return answer.json()


def _record_the_district(http: httpx.Client, auth: Auth) -> None:
    for code, kind in [(STREET, "street"), (COMMUNITY, "community")]:
        body = {"code": code, "name": f"演练 {code}", "kind": kind}
        _post(http, auth, "/api/v1/registry/offices", body, f"office-{code}")
    _until(lambda: _settled(http, auth) and _known(http, auth, COMMUNITY))
    people = [
        _post(http, auth, "/api/v1/registry/persons", _person(n), f"person-{n}")[
            "person_id"
        ]
        for n in range(PEOPLE)
    ]
    members = [
        {"person_id": people[1], "relationship": "spouse"},
        {"person_id": people[2], "relationship": "child"},
    ]
    household = {
        "head_person_id": people[0],
        "office": COMMUNITY,
        "address": "恢复路 0 号",
        "members": members,
    }
    _post(http, auth, "/api/v1/registry/households", household, "household")
    _until(lambda: _settled(http, auth))  # employment knows the people
    statuses = [
        (people[3], {"status": "unemployed"}),
        (people[4], {"status": "employed", "employer": "东莞某电子厂"}),
    ]
    for person, status in statuses:
        answer = http.post(
            f"/api/v1/employment/profiles/{person}/status",
            json={
                **status,
                "since": "2026-10-01",
                "reason": "电话排查",
                "source": "phone_survey",
            },
            headers={**auth, "If-Match": '"0"', "Idempotency-Key": f"status-{person}"},
        )
        assert answer.is_success, answer.text


def _known(http: httpx.Client, auth: Auth, code: str) -> bool:
    answer = http.get("/api/v1/registry/offices", headers=auth)
    return answer.status_code == 200 and code in {o["code"] for o in answer.json()}


def _until(check: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not within the deadline"
        time.sleep(0.3)


def _settled(http: httpx.Client, auth: Auth) -> bool:
    """Every event published and every projection at its source stream's end."""
    for service in SERVICES.split(","):
        answer = http.get(f"/api/v1/{service}/ops/status", headers=auth)
        if answer.status_code != 200:
            return False
        status = answer.json()
        lag = sum(s["lag"] for p in status["projections"] for s in p["sources"])
        if status["relay_pending"] or status["parked"] or lag:
            return False
    return True


def _figures(http: httpx.Client, auth: Auth) -> dict[str, Any]:
    """What each service shows of the street, whole answers."""
    pages: dict[str, tuple[str, dict[str, str | int]]] = {
        "registry persons": (
            "/api/v1/registry/persons",
            {"within": STREET, "size": 100},
        ),
        "registry offices": ("/api/v1/registry/offices", {}),
        "employment rate": ("/api/v1/employment/figures/employment-rate", {}),
        "employment unemployed": (
            "/api/v1/employment/ledgers/unemployed",
            {"office": STREET},
        ),
        "reporting unemployed": (
            "/api/v1/reporting/ledgers/unemployed",
            {"office": STREET},
        ),
        "reporting figures": ("/api/v1/reporting/figures", {}),
        "reporting audit log": ("/api/v1/reporting/audit/events", {"office": STREET}),
    }
    figures = {}
    for name, (path, params) in pages.items():
        answer = http.get(path, params=params, headers=auth)
        body = answer.json()
        if isinstance(body, dict):
            body.pop("as_of", None)  # the moment asked about: now
        figures[name] = (answer.status_code, body)
    return figures


# -- the drill -------------------------------------------------------------------


def test_a_backup_restored_into_a_fresh_server_gives_the_same_figures(
    projects: Callable[[], Path],
    fresh_postgres: EmbeddedPostgres,
    runs: list[SupervisorRun],  # after the server: the stacks stop before it
    tmp_path: Path,
) -> None:
    first = projects()
    run = _start(first, runs)
    with httpx.Client(base_url=run.url, timeout=10, trust_env=False) as http:
        auth = _sign_in(http)
        _record_the_district(http, auth)
        _until(lambda: _settled(http, auth))
        before = _figures(http, auth)
    began = time.monotonic()
    folder = str(tmp_path / "backup")
    backup = _shequ_dev("backup", "--lang", "en", "--to", folder, env=_audit_env(first))
    took_backup = time.monotonic() - began
    run.stop()
    master_key = (first / ".run" / "keys" / "master.key").read_text().strip()

    stores = {
        name: f"{fresh_postgres.dsn}?search_path={name}" for name in SERVICES.split(",")
    }
    began = time.monotonic()
    restore = _shequ_dev(
        *("restore", "--lang", "en", "--from", folder),
        *(arg for name, dsn in stores.items() for arg in ("--store", f"{name}={dsn}")),
        env={},
    )
    took_restore = time.monotonic() - began
    second = projects()
    run = _start(
        second, runs, SHEQU_DATABASE_URL=fresh_postgres.dsn, SHEQU_MASTER_KEY=master_key
    )
    began = time.monotonic()
    with httpx.Client(base_url=run.url, timeout=10, trust_env=False) as http:
        auth = _sign_in(http)  # the password is kept, though it is no event
        _until(lambda: _settled(http, auth) and _figures(http, auth) == before)
        took_rebuild = time.monotonic() - began
        after = _figures(http, auth)
        again = http.post(
            "/api/v1/registry/persons",
            json=_person(0),
            headers={**auth, "Idempotency-Key": "person-0-again"},
        )
        added = _post(http, auth, "/api/v1/registry/persons", _person(PEOPLE), "new")
        _until(lambda: _settled(http, auth))
        listed = http.get(
            "/api/v1/registry/persons", params={"within": STREET}, headers=auth
        ).json()
    print(
        f"backup {took_backup:.1f} s, restore {took_restore:.1f} s, projections "
        f"rebuilt {took_rebuild:.1f} s after the start\n{backup.stderr}{restore.stderr}"
    )

    assert backup.returncode == 0, backup.stderr
    assert restore.returncode == 0, restore.stderr
    assert "hash chains intact" in restore.stderr
    assert "BROKEN" not in restore.stderr
    assert sorted(os.listdir(tmp_path / "backup")) == [
        "employment.dump",
        "keyring.dump",
        "manifest.json",
        "registry.dump",
        "reporting.dump",
    ]
    assert {status for status, _ in before.values()} == {200}
    assert before["registry persons"][1]["total"] == PEOPLE
    assert len(before["employment unemployed"][1]["items"]) == 1
    assert len(before["reporting unemployed"][1]["items"]) == 1
    assert after == before
    assert again.status_code == 409, again.text  # the ID number's claim is kept
    assert listed["total"] == PEOPLE + 1
    assert added["person_id"] in {p["person_id"] for p in listed["items"]}
