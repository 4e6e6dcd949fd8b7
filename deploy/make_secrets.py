"""Make the secrets of a deployment into a folder (compose.yaml reads ``.secrets/``).

``.venv/bin/python deploy/make_secrets.py [FOLDER]`` (default ``.secrets``) writes,
each file mode 600, none overwritten (a second run keeps the keys and passwords):

- ``master_key``, ``token_private_key``, ``token_public_key``: SHEQU_MASTER_KEY and
  the Ed25519 pair the registry signs tokens with (the others only verify);
- ``<role>.password`` for ``postgres`` (the superuser), each service, ``keyring``
  and ``auditor``; ``<service>_database_url``, ``keyring_url``, ``reporting_stores``;
- ``<service>_nats_url`` and ``nats_auth.conf``: a NATS user per service allowed to
  publish only its own subjects and to read only the streams it consumes, and a user
  per outside publisher (``police``), from the services' own code (see
  :func:`consumed_sources`).

Kubernetes takes the same files as Secrets (README "Deploying"); the hosts in the
URLs are then the overlay's (``--postgres-host``, ``--nats-host``).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from shequ.access import generate_signing_key
from shequ.eventstore import EventStore
from shequ.keyring import new_master_key
from shequ.messaging import Projection
from shequ.service.worker import load_definition

SERVICES = ("registry", "employment", "rehab", "mediation", "events", "reporting")


def consumed_sources() -> dict[str, list[str]]:
    """Each installed service's source streams: its projections' and its staff source.

    A projection given as a factory is built on a store that is never opened, only to
    read its ``sources``.
    """
    found: dict[str, list[str]] = {}
    for name in SERVICES:
        definition = load_definition(name)
        sources: set[str] = {name}
        for made in definition.projections:
            projection = (
                made
                if isinstance(made, Projection)
                else made(EventStore(None, definition.catalog, keyring=object()))  # type: ignore[arg-type]
            )
            sources.update(projection.sources)
        if definition.staff_source:
            sources.add(definition.staff_source)
        found[name] = sorted(sources)
    return found


def stream(service: str) -> str:
    return f"SHEQU_{service.upper().replace('-', '_')}"


def permissions(service: str, sources: list[str]) -> dict[str, object]:
    """What ``service``'s NATS user may do: publish its own events, read its sources.

    Its relay publishes ``shequ.<service>.>`` and creates and reads its own stream; a
    projection may create a source's stream (it can start first), read its info and
    messages, and make, use and ack its consumers there. Replies come to _INBOX.
    """
    allow = [f"shequ.{service}.>", "$JS.API.INFO"]
    for source in sources:
        name = stream(source)
        allow += [
            f"$JS.API.STREAM.INFO.{name}",
            f"$JS.API.STREAM.CREATE.{name}",
            f"$JS.API.STREAM.MSG.GET.{name}",
            f"$JS.API.DIRECT.GET.{name}",
            f"$JS.API.DIRECT.GET.{name}.>",
            f"$JS.API.CONSUMER.CREATE.{name}",
            f"$JS.API.CONSUMER.CREATE.{name}.>",
            f"$JS.API.CONSUMER.DURABLE.CREATE.{name}.>",
            f"$JS.API.CONSUMER.INFO.{name}.>",
            f"$JS.API.CONSUMER.DELETE.{name}.>",
            f"$JS.API.CONSUMER.MSG.NEXT.{name}.>",
            f"$JS.ACK.{name}.>",
        ]
    return {"publish": {"allow": allow}, "subscribe": {"allow": ["_INBOX.>"]}}


def auth_conf(passwords: Mapping[str, str], sources: Mapping[str, list[str]]) -> str:
    """NATS ``authorization`` block: a user per service and per outside publisher."""
    users: list[dict[str, object]] = [
        {
            "user": name,
            "password": passwords[name],
            "permissions": permissions(name, sources[name]),
        }
        for name in sources
    ]
    outside = sorted({s for found in sources.values() for s in found} - set(sources))
    users += [
        {
            "user": name,
            "password": passwords[name],
            "permissions": {
                "publish": {"allow": [f"shequ.{name}.>"]},
                "subscribe": {"allow": ["_INBOX.>"]},
            },
        }
        for name in outside
    ]
    # JSON is valid NATS configuration syntax.
    return "authorization " + json.dumps({"users": users}, indent=2) + "\n"


def write(folder: Path, name: str, value: str) -> str:
    """Write ``value`` unless the file exists; the file's content either way."""
    path = folder / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(value)
    return path.read_text()


def make(folder: Path, postgres_host: str, nats_host: str) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    write(folder, "master_key", new_master_key())
    if not (folder / "token_private_key").exists():
        private, public = generate_signing_key()
        write(folder, "token_private_key", private)
        (folder / "token_public_key").unlink(missing_ok=True)
        write(folder, "token_public_key", public)
    sources = consumed_sources()
    outside = {s for found in sources.values() for s in found} - set(SERVICES)
    roles = ["postgres", *SERVICES, "keyring", "auditor", *sorted(outside)]
    passwords = {
        role: write(folder, f"{role}.password", secrets.token_hex(24)) for role in roles
    }
    pg = postgres_host if ":" in postgres_host else f"{postgres_host}:5432"
    for name in SERVICES:
        write(
            folder,
            f"{name}_database_url",
            f"postgresql://{name}:{passwords[name]}@{pg}/{name}?search_path={name}",
        )
        write(
            folder, f"{name}_nats_url", f"nats://{name}:{passwords[name]}@{nats_host}"
        )
    write(
        folder,
        "keyring_url",
        f"postgresql://keyring:{passwords['keyring']}@{pg}/keyring?search_path=keyring",
    )
    stores = {
        name: f"postgresql://auditor:{passwords['auditor']}@{pg}/{name}"
        f"?search_path={name}"
        for name in SERVICES
    }
    write(folder, "reporting_stores", json.dumps(stores))
    # Remade each run from the code: a service that starts reading another stream
    # gets its permission at the next run, with the passwords kept.
    (folder / "nats_auth.conf").unlink(missing_ok=True)
    write(folder, "nats_auth.conf", auth_conf(passwords, sources))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="deploy/make_secrets.py")
    parser.add_argument("folder", nargs="?", default=".secrets", type=Path)
    parser.add_argument("--postgres-host", default="postgres", help="host[:port]")
    parser.add_argument("--nats-host", default="nats:4222", help="host:port")
    args = parser.parse_args(argv)
    make(args.folder, args.postgres_host, args.nats_host)
    print(f"shequ: secrets in {args.folder} (kept: existing files are not replaced)")


if __name__ == "__main__":
    main()
