"""``shequ-dev run``: a supervisor of one process per service, behind one address.

In order: refuse a taken port; take ``.run/supervisor.lock`` (one run per ``.run``);
signing keys from ``.run/keys`` (made once, kept: nobody is signed out by a restart);
PostgreSQL and NATS, embedded and kept in ``.run`` unless ``SHEQU_DATABASE_URL`` /
``SHEQU_NATS_URL`` are set; a schema per service; the proxy on the one address; then
each service as a child process (worker.py), one after another, each waited for on
its ``/health/ready`` before the next — the demos depend on that order. The demo is
loaded on a database's first run only: ``shequ_dev.demo_loaded`` in the database
itself remembers it, so a copied or restored database remembers too.

A child that exits unexpectedly is restarted on its port after 1, 2, 4 … 30 s (back
to 1 s once it has been up a minute), its demo never reloaded; the proxy answers 503
for it meanwhile. Children get PR_SET_PDEATHSIG, so a ``kill -9`` of the supervisor
takes them (and the embedded servers) down too. SIGINT / SIGTERM: children get
SIGTERM (SIGKILL after 10 s; a second Ctrl-C kills at once), then the embedded servers
stop, then ``.run/audit.env`` goes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

from shequ.contracts.messages import N_
from shequ.devinfra import EmbeddedServerError
from shequ.devinfra._process import free_port
from shequ.devinfra.servers import LocalInfra, start_local_infra
from shequ.i18n import render
from shequ.service._children import (
    FIRST_DELAY,
    MAX_DELAY,
    START_LIMIT,
    STEADY,
    STOP_GRACE,
    Child,
)
from shequ.service._proxy import Backend, Proxy
from shequ.service._rundir import (
    LANGUAGE,
    installed_services,
    masked,
    port_taken,
    prepare_database,
    remember_demo,
    rotate_log,
    run_lock,
    say,
    wipe,
    with_schema,
    write_audit_env,
)
from shequ.service._signing import SigningKey, master_key, signing_key
from shequ.service.worker import QuietServer


@dataclass
class Options:
    host: str = "127.0.0.1"
    port: int = 8000
    demo: bool = True
    services: list[str] | None = None  # None: every installed one
    fresh: bool = False
    run_dir: Path = Path(".run")


class Supervisor:
    """Starts, watches and stops everything for one ``shequ-dev run``."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.run_dir = options.run_dir
        self.children: dict[str, Child] = {}
        self.backends: dict[str, Backend] = {}
        self.proxy = Proxy(self.backends)
        self.stopping = asyncio.Event()
        self.probe: httpx.AsyncClient | None = None
        self.master_key = ""

    # -- the whole run ----------------------------------------------------------

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self._on_signal)
        names = self._chosen_services()
        if self.options.fresh:
            removed = wipe(self.run_dir)
            say(
                N_("--fresh: deleted {count} kept item(s) of {folder}"),
                count=len(removed),
                folder=self.run_dir,
            )
        key = signing_key(self.run_dir / "keys")
        if key.kept_in:
            say(
                N_("signing key {key} (kept in {folder})"),
                key=key.key_id,
                folder=key.kept_in,
            )
        else:
            say(N_("signing key {key} (from SHEQU_TOKEN_*_KEY)"), key=key.key_id)
        master, kept_in = master_key(self.run_dir / "keys")
        self.master_key = master
        if kept_in:
            say(N_("master key of personal data kept in {folder}"), folder=kept_in)
        say(
            N_("starting PostgreSQL and NATS (embedded unless SHEQU_*_URL are set) ...")
        )
        started = time.monotonic()
        infra = start_local_infra(
            os.environ.get("SHEQU_DATABASE_URL"),
            os.environ.get("SHEQU_NATS_URL"),
            run_dir=self.run_dir.absolute(),
        )
        try:
            self._announce_infra(infra)
            await self._serve(infra, names, key, started)
        finally:
            await self._stop_children()
            await self.proxy.aclose()
            if self.probe is not None:
                await self.probe.aclose()
            infra.close()
            (self.run_dir / "audit.env").unlink(missing_ok=True)

    def _chosen_services(self) -> list[str]:
        installed = installed_services()
        wanted = self.options.services
        if wanted is None:
            return installed
        unknown = [name for name in wanted if name not in installed]
        if unknown:
            say(
                N_("no service named {unknown} is installed; installed: {installed}"),
                unknown=", ".join(unknown),
                installed=", ".join(installed) or "-",
            )
            raise SystemExit(2)
        return [name for name in installed if name in wanted]

    def _announce_infra(self, infra: LocalInfra) -> None:
        for note in infra.notes:
            say(N_("{note}"), note=note)
        if infra.postgres is not None:
            say(
                N_("PostgreSQL {url}  (data kept in {folder}, fsync on)"),
                url=infra.database_url,
                folder=infra.postgres.data_dir,
            )
        else:
            say(
                N_("PostgreSQL {url}  (SHEQU_DATABASE_URL)"),
                url=masked(infra.database_url),
            )
        if infra.nats is not None:
            say(
                N_("NATS       {url}  (store kept in {folder})"),
                url=infra.nats_url,
                folder=infra.nats.store_dir,
            )
        else:
            say(N_("NATS       {url}  (SHEQU_NATS_URL)"), url=masked(infra.nats_url))

    async def _serve(
        self, infra: LocalInfra, names: list[str], key: SigningKey, started: float
    ) -> None:
        loaded = await prepare_database(infra.database_url, names)
        stores = os.environ.get("SHEQU_REPORTING_STORES") or json.dumps(
            {name: with_schema(infra.database_url, name) for name in names}
        )
        for name in names:
            self.backends[name] = Backend(name, free_port())
            log = self.run_dir.absolute() / "logs" / f"{name}.log"
            rotate_log(log)
            self.children[name] = Child(
                self.backends[name],
                {
                    **os.environ,
                    "SHEQU_DATABASE_URL": with_schema(infra.database_url, name),
                    # Each acts as a role of its own that cannot change events.
                    "SHEQU_DATABASE_ROLE": f"shequ_{name}",
                    "SHEQU_NATS_URL": infra.nats_url,
                    "SHEQU_TOKEN_PUBLIC_KEY": key.public,
                    "SHEQU_TOKEN_PRIVATE_KEY": key.private,
                    "SHEQU_MASTER_KEY": self.master_key,
                    # Reporting verifies every service's hash chains: where they are.
                    "SHEQU_REPORTING_STORES": stores,
                    "PYTHONUNBUFFERED": "1",
                },
                log,
                demo=self.options.demo and name not in loaded,
            )
        say(N_("services: {names}"), names=", ".join(names) or "-")
        server = QuietServer(
            uvicorn.Config(
                self.proxy,
                host=self.options.host,
                port=self.options.port,
                lifespan="off",
                log_level="warning",
                access_log=False,
                timeout_graceful_shutdown=5,
                # The services' own Date and Server headers pass through as they are.
                server_header=False,
                date_header=False,
            )
        )
        serving = asyncio.create_task(server.serve())
        try:
            for child in self.children.values():
                if self.stopping.is_set():
                    return
                await self._first_start(child, infra.database_url)
            if self.stopping.is_set():
                return
            if "reporting" in self.children:
                audit = self.run_dir / "audit.env"
                write_audit_env(
                    audit,
                    {
                        "SHEQU_DATABASE_URL": with_schema(
                            infra.database_url, "reporting"
                        ),
                        "SHEQU_REPORTING_STORES": stores,
                        "SHEQU_MASTER_KEY": self.master_key,
                    },
                )
                say(
                    N_(
                        "auditors at a terminal: . {audit} && .venv/bin/shequ audit"
                        " verify   (or log, replay, ledger; --help)"
                    ),
                    audit=audit,
                )
            down = [b.name for b in self.backends.values() if b.state != "up"]
            say(
                N_(
                    "ready: open http://{host}:{port}/   (started in {seconds} s;"
                    " Ctrl-C stops everything){missing}"
                ),
                host=self.options.host,
                port=self.options.port,
                seconds=f"{time.monotonic() - started:.1f}",
                missing=render(
                    N_("; not up yet: {names} (see above)"),
                    {"names": ", ".join(down)},
                    LANGUAGE[0],
                )
                if down
                else "",
            )
            watchers = [
                asyncio.create_task(self._watch(child))
                for child in self.children.values()
            ]
            await self.stopping.wait()
            for watcher in watchers:
                watcher.cancel()
            await asyncio.gather(*watchers, return_exceptions=True)
        finally:
            server.should_exit = True
            await serving

    # -- one child --------------------------------------------------------------

    async def _first_start(self, child: Child, database_url: str) -> None:
        say(N_("starting {service} ..."), service=child.name)
        child.spawn(child.demo)
        if await self._wait_ready(child):
            child.echo_news()
            if child.demo:
                await remember_demo(database_url, child.name)
            await self._describe(child)
            took = time.monotonic() - child.spawned_at
            say(
                N_("{service} ready on 127.0.0.1:{port} (pid {pid}, {seconds} s)"),
                service=child.name,
                port=child.backend.port,
                pid=child.process.pid if child.process else "?",
                seconds=f"{took:.1f}",
            )
        elif child.alive and not self.stopping.is_set():
            say(
                N_(
                    "{service} is not ready after {seconds} s; the others go on"
                    " (its log: {log})"
                ),
                service=child.name,
                seconds=f"{START_LIMIT:g}",
                log=child.log,
            )
        elif not self.stopping.is_set():
            self._report_exit(child)  # restarted by _watch; the others go on

    async def _wait_ready(self, child: Child, limit: float = START_LIMIT) -> bool:
        """Poll the child's readiness until 200, its exit, a stop, or ``limit``."""
        deadline = time.monotonic() + limit
        while not self.stopping.is_set() and time.monotonic() < deadline:
            child.echo_news()
            if not child.alive:
                return False
            if await self._ready(child):
                child.up_since = time.monotonic()
                child.backend.state, child.backend.detail = "up", ""
                return True
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), 0.1)
        return False

    async def _ready(self, child: Child) -> bool:
        if self.probe is None:
            self.probe = httpx.AsyncClient(timeout=2.0, trust_env=False)
        url = f"http://127.0.0.1:{child.backend.port}/api/v1/{child.name}/health/ready"
        try:
            return (await self.probe.get(url)).status_code == 200
        except httpx.HTTPError:
            return False

    async def _describe(self, child: Child) -> None:
        """The service's description for the index, from its OpenAPI document."""
        if child.backend.description or self.probe is None:
            return
        url = f"http://127.0.0.1:{child.backend.port}/api/v1/{child.name}/openapi.json"
        with contextlib.suppress(httpx.HTTPError, ValueError, KeyError):
            info = (await self.probe.get(url, timeout=10.0)).json()["info"]
            child.backend.description = str(info.get("description", ""))

    async def _watch(self, child: Child) -> None:
        """Restart ``child`` whenever it exits, with back-off, until the run stops."""
        while not self.stopping.is_set():
            if child.alive:
                if child.backend.state != "up" and await self._ready(child):
                    child.up_since = time.monotonic()
                    child.backend.state, child.backend.detail = "up", ""
                    await self._describe(child)
                    say(
                        N_(
                            "{service} is up again on 127.0.0.1:{port} (pid {pid},"
                            " {seconds} s after restart)"
                        ),
                        service=child.name,
                        port=child.backend.port,
                        pid=child.process.pid if child.process else "?",
                        seconds=f"{time.monotonic() - child.spawned_at:.1f}",
                    )
                await asyncio.sleep(0.1 if child.backend.state != "up" else 0.2)
                continue
            await self._restart(child)

    def _report_exit(self, child: Child) -> None:
        """Say that ``child`` exited and when it is restarted; set its back-off."""
        code = child.process.returncode if child.process else None
        if child.up_since is not None and time.monotonic() - child.up_since >= STEADY:
            child.delay = FIRST_DELAY
        child.next_delay = child.delay
        child.delay = min(child.delay * 2, MAX_DELAY)
        child.backend.state = "restarting"
        child.backend.detail = (
            f"{child.name} stopped (exit code {code}) and is restarting"
        )
        child.backend.retry_after = child.next_delay + 3
        child.echo_news()
        tail = child.tail()
        last = tail.splitlines()[-1].strip() if tail else ""
        language = LANGUAGE[0]
        if last and last == child.last_words:  # once in full is enough
            said = render(N_("the same as before: {last}"), {"last": last}, language)
        else:
            said = render(
                N_("its log ({log}) ends:\n{tail}"),
                {"log": child.log, "tail": tail},
                language,
            )
        child.last_words = last
        say(
            N_(
                "{service} stopped (exit code {code}); restarting in {seconds} s;"
                " {said}"
            ),
            service=child.name,
            code=code,
            seconds=f"{child.next_delay:g}",
            said=said,
        )
        child.reported = True

    async def _restart(self, child: Child) -> None:
        if not child.reported:
            self._report_exit(child)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), child.next_delay)
        if self.stopping.is_set():
            return
        child.restarts += 1
        child.spawn(demo=False)  # a demo is loaded once, on the first start only

    # -- stopping ---------------------------------------------------------------

    def _on_signal(self) -> None:
        if self.stopping.is_set():
            # A second Ctrl-C: no more waiting for the services.
            for child in self.children.values():
                if child.alive and child.process is not None:
                    child.process.kill()
            return
        say(N_("stopping ..."))
        self.stopping.set()

    async def _stop_children(self) -> None:
        alive = [c for c in self.children.values() if c.alive and c.process]
        for child in alive:
            child.backend.state, child.backend.detail = "stopped", "shequ is stopping"
            assert child.process is not None
            child.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        # Polling processes: there is no event to wait for.
        while time.monotonic() < deadline and any(c.alive for c in alive):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        for child in alive:
            assert child.process is not None
            if child.process.poll() is None:
                say(
                    N_("{service} did not stop in {seconds} s; killing it"),
                    service=child.name,
                    seconds=f"{STOP_GRACE:g}",
                )
                child.process.kill()
            child.process.wait()


def supervise(options: Options) -> None:
    """Run until interrupted; print "stopped" when everything has stopped."""
    if port_taken(options.host, options.port):
        # Checked first: nothing is started for a run that cannot serve.
        say(
            N_(
                "port {port} on {host} is taken (is shequ already running?); choose"
                " another with SHEQU_PORT=<port> make run"
            ),
            port=options.port,
            host=options.host,
        )
        raise SystemExit(2)
    try:
        # KeyboardInterrupt: a Ctrl-C before the signal handlers were in place.
        with run_lock(options.run_dir), contextlib.suppress(KeyboardInterrupt):
            asyncio.run(Supervisor(options).run())
    except EmbeddedServerError as error:
        say(N_("could not start PostgreSQL or NATS: {error}"), error=error)
        raise SystemExit(1) from None
    say(N_("stopped"))
