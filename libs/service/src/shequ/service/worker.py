"""One service in a process of its own (``make run``; started by the supervisor).

``python -m shequ.service.worker --service NAME --port PORT [--demo] [--host H]
[--forwarded-allow-ips IPS]`` builds the
service's app with settings from the environment (``SHEQU_DATABASE_URL`` with its
schema as search_path, ``SHEQU_DATABASE_ROLE``, ``SHEQU_NATS_URL``,
``SHEQU_TOKEN_PUBLIC_KEY`` / ``_PRIVATE_KEY``, ...), enters its lifespan (migrations,
relay, projections), loads the demo when asked, and only then serves 127.0.0.1:PORT
on uvloop — so "ready" answers 200 once the demo is in. SIGTERM or SIGINT stops
serving and closes the runtime; exit code 0.

The supervisor's proxy is the only client; X-Forwarded-For is trusted from 127.0.0.1
so the service sees the real client's address. In a container (compose.yaml,
deploy/) it listens on ``--host 0.0.0.0`` and trusts X-Forwarded-For from the
gateway's addresses (``--forwarded-allow-ips``), the only peer its network lets in.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points

import uvicorn
import uvloop

from shequ.service._app import create_service_app
from shequ.service._definition import ServiceDefinition
from shequ.service._settings import ServiceSettings


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handling: the caller decides when it stops."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def load_definition(name: str) -> ServiceDefinition:
    """The installed service ``name`` (entry-point group ``shequ.services``)."""
    found = entry_points(group="shequ.services", name=name)
    if not found:
        raise SystemExit(f"shequ: no service named {name!r} is installed")
    definition: ServiceDefinition = next(iter(found)).load()()
    return definition


async def serve(
    name: str,
    port: int,
    demo: bool,
    host: str = "127.0.0.1",
    forwarded_allow_ips: str = "127.0.0.1",
) -> None:
    """Open the service, load its demo if asked, serve until SIGTERM / SIGINT."""
    definition = load_definition(name)
    app = create_service_app(definition, ServiceSettings())
    server = QuietServer(
        uvicorn.Config(
            app,
            host=host,
            port=port,
            lifespan="off",  # entered below, before serving
            log_level="warning",
            access_log=False,
            proxy_headers=True,
            forwarded_allow_ips=forwarded_allow_ips,
            timeout_graceful_shutdown=5,
        )
    )
    main = asyncio.current_task()
    serving = False

    def stop() -> None:
        if serving:
            server.should_exit = True
        elif main is not None:
            main.cancel()  # still starting: give up at once

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop)
    async with app.router.lifespan_context(app):
        if demo and definition.load_demo is not None:
            # Lines starting "shequ" are passed on to the terminal by the supervisor.
            print(f"shequ: loading demo data into {name} ...", file=sys.stderr)
            await definition.load_demo(app.state.runtime)
        serving = True
        await server.serve()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shequ.service.worker")
    parser.add_argument("--service", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--demo", action="store_true", help="load the demo first")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="peers whose X-Forwarded-For is trusted (comma-separated, or *)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    with contextlib.suppress(asyncio.CancelledError):
        uvloop.run(
            serve(
                args.service, args.port, args.demo, args.host, args.forwarded_allow_ips
            )
        )


if __name__ == "__main__":
    main()
