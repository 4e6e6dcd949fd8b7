"""A closed-loop HTTP/1.1 load generator on raw asyncio streams (no wrk here).

Each of ``concurrency`` workers keeps one keep-alive connection and sends its next
request when the last is answered, for ``seconds``. A client this thin costs the
server's machine little, and the same client loads both sides of a comparison.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench._harness import p99

Request = tuple[str, str, dict[str, str], Any]
"""(method, path, headers, JSON body)."""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Load:
    rate: float
    p99_ms: float
    answered: int
    failed: int
    statuses: dict[int, int] = field(default_factory=dict)


def _encode(host: str, request: Request) -> bytes:
    method, path, headers, body = request
    data = b"" if body is None else json.dumps(body).encode()
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


async def _read(reader: asyncio.StreamReader) -> Answer:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return Answer(int(status_line.split()[1]), headers, body)


async def closed_loop(
    port: int,
    next_request: Callable[[int, Answer | None], Request],
    *,
    concurrency: int,
    seconds: float,
    ok: Callable[[Answer], bool] = lambda a: a.status < 300,
) -> Load:
    """Load 127.0.0.1:``port``; ``next_request(worker, last answer)`` says what next."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    failed = 0
    deadline = time.perf_counter() + seconds

    async def worker(index: int) -> None:
        nonlocal failed
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        last: Answer | None = None
        try:
            while time.perf_counter() < deadline:
                data = _encode(f"127.0.0.1:{port}", next_request(index, last))
                started = time.perf_counter()
                writer.write(data)
                last = await _read(reader)
                latencies.append(time.perf_counter() - started)
                statuses[last.status] = statuses.get(last.status, 0) + 1
                failed += not ok(last)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    elapsed = time.perf_counter() - started
    return Load(
        len(latencies) / elapsed,
        p99(latencies) * 1000,
        len(latencies),
        failed,
        statuses,
    )
