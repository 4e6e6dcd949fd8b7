"""Generated contract documents (契约文档): JSON Schemas and AsyncAPI from event models.

``python -m shequ.contracts.generate [--check] <contracts dir>`` writes
``schemas/<service>/<EventType>.v<N>.json`` for the current version of every event,
``schemas/envelope.v1.json`` and ``asyncapi/<service>.yaml``. It never deletes: an
older version's schema stays beside the new one, because stored events keep the shape
they were written in and are published as stored. ``--check`` writes nothing and
exits 1 when a file is stale or missing, so a model changed without regenerating fails
CI. Output is byte-stable: sorted keys, fixed indent, one trailing newline.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from shequ.contracts._catalog import EventCatalog
from shequ.contracts._envelope import EventEnvelope
from shequ.contracts._event import Event
from shequ.contracts.catalogs import all_catalogs

Document = dict[str, Any]

BASE_URL = "https://shequ.example/schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
COMPONENT_REF = "#/components/schemas/{model}"

# Mirrors shequ.messaging._wire (the relay sets these): contracts may not import libs.
_HEADERS = {
    "Nats-Msg-Id": "the event id; JetStream drops a message it has seen",
    "Nats-Expected-Last-Msg-Id": "the id of the event published just before",
    "Shequ-Transaction-Id": "decimal PostgreSQL xid8 that wrote the event",
    "Shequ-Position": "decimal global position in the service's store",
    "traceparent": "W3C trace context",
    "tracestate": "W3C trace context",
    "baggage": "W3C baggage",
}


def headers_schema() -> Document:
    """The headers the relay sets on every message, as an object schema."""
    return {
        "type": "object",
        "required": ["Nats-Msg-Id", "Shequ-Position", "Shequ-Transaction-Id"],
        "properties": {
            name: {"type": "string", "description": description}
            for name, description in _HEADERS.items()
        },
    }


def subject(service: str, model: type[Event]) -> str:
    """``shequ.<service>.<stream type>.<event type>``, the NATS subject of ``model``."""
    if not model.stream_type:
        raise ValueError(f"{model.__name__} must set stream_type")
    return f"shequ.{service}.{model.stream_type}.{model.event_type()}"


def schema_name(service: str, model: type[Event]) -> str:
    """``<service>/<EventType>.v<N>.json``, relative to ``schemas/``."""
    return f"{service}/{model.event_type()}.v{model.schema_version}.json"


def event_schema(service: str, model: type[Event]) -> Document:
    """The JSON Schema of the current version of ``model``, as stored and sent."""
    return {
        **model.model_json_schema(mode="serialization"),
        "$schema": DIALECT,
        "$id": f"{BASE_URL}/{schema_name(service, model)}",
        "title": model.event_type(),
        "x-shequ": {
            "service": service,
            "stream_type": model.stream_type,
            "event_type": model.event_type(),
            "schema_version": model.schema_version,
            "subject": subject(service, model),
        },
    }


def envelope_schema() -> Document:
    """The JSON Schema of :class:`EventEnvelope`, the body of every NATS message."""
    return {
        **EventEnvelope.model_json_schema(mode="serialization"),
        "$schema": DIALECT,
        "$id": f"{BASE_URL}/envelope.v1.json",
    }


def _component(model: type[BaseModel], schemas: Document) -> Document:
    """``model``'s schema, its nested models moved into ``schemas`` (shared by name)."""
    schema = model.model_json_schema(mode="serialization", ref_template=COMPONENT_REF)
    for name, definition in schema.pop("$defs", {}).items():
        if schemas.setdefault(name, definition) != definition:
            raise ValueError(f"two different nested models are named {name!r}")
    return schema


def _message(service: str, model: type[Event], key: str) -> Document:
    name, version = model.event_type(), model.schema_version
    data = {"$ref": COMPONENT_REF.format(model=key)}
    return {
        "name": name,
        "title": f"{name} v{version}",
        "contentType": "application/json",
        "description": (
            f"An event stored at an older schema version is published as stored: its"
            f" data follows schemas/{service}/{name}.v<schema_version>.json."
        ),
        "headers": {"$ref": "#/components/schemas/Headers"},
        "payload": {
            "allOf": [
                {"$ref": "#/components/schemas/EventEnvelope"},
                {
                    "properties": {
                        "service": {"const": service},
                        "stream_type": {"const": model.stream_type},
                        "event_type": {"const": name},
                        "schema_version": {"maximum": version},
                    },
                    "if": {"properties": {"schema_version": {"const": version}}},
                    "then": {"properties": {"data": data}},
                },
            ]
        },
    }


def asyncapi(catalog: EventCatalog) -> Document:
    """The AsyncAPI 3.0 document of one service: a channel per event type."""
    service = catalog.service
    stream = f"SHEQU_{service.upper().replace('-', '_')}"  # as shequ.messaging names it
    schemas: Document = {"Headers": headers_schema()}
    schemas["EventEnvelope"] = _component(EventEnvelope, schemas)
    channels: Document = {}
    operations: Document = {}
    for model in catalog:
        name = model.event_type()
        key = f"{name}.v{model.schema_version}"
        schemas[key] = _component(model, schemas)
        channels[name] = {
            "address": subject(service, model),
            "messages": {name: _message(service, model, key)},
        }
        operations[f"send{name}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{name}"},
            "messages": [{"$ref": f"#/channels/{name}/messages/{name}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": f"shequ {service}",
            "version": "1",
            "description": f"Events of {service}, in JetStream stream {stream}.",
        },
        "defaultContentType": "application/json",
        "servers": {"nats": {"host": "localhost:4222", "protocol": "nats"}},
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas},
    }


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        # Write repeated values out in full: anchors make the document hard to read.
        return True


def _json(document: Document) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _yaml(document: Document) -> str:
    return yaml.dump(document, Dumper=_Dumper, sort_keys=True, allow_unicode=True)


def render(catalogs: Sequence[EventCatalog]) -> dict[str, str]:
    """Every generated file's text, by path relative to the contracts folder."""
    files = {"schemas/envelope.v1.json": _json(envelope_schema())}
    for catalog in catalogs:
        for model in catalog:
            path = f"schemas/{schema_name(catalog.service, model)}"
            files[path] = _json(event_schema(catalog.service, model))
        files[f"asyncapi/{catalog.service}.yaml"] = _yaml(asyncapi(catalog))
    return dict(sorted(files.items()))


def sync(root: Path, files: dict[str, str], *, check: bool = False) -> int:
    """Write ``files`` under ``root`` (with ``check``, only compare); the exit status.

    Files not in ``files`` are left alone, which is how old versions' schemas survive.
    """
    counts: Counter[str] = Counter()
    for name, text in files.items():
        path = root / name
        data, found = text.encode(), path.read_bytes() if path.exists() else None
        state = (
            "missing" if found is None else "unchanged" if found == data else "stale"
        )
        if state != "unchanged" and not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            state = "updated" if state == "stale" else "created"
        counts[state] += 1
        if not (check and state == "unchanged"):
            print(f"{state:<9} {name}")
    summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
    if check and (counts["stale"] or counts["missing"]):
        print(f"contracts are out of date ({summary}): run `make contracts`")
        return 1
    print(f"contracts: {summary}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: ``[--check] <contracts dir>``."""
    parser = argparse.ArgumentParser(
        prog="python -m shequ.contracts.generate",
        description="Generate JSON Schemas and AsyncAPI documents from event models.",
    )
    parser.add_argument("contracts_dir", type=Path, help="e.g. contracts")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if out of date"
    )
    args = parser.parse_args(argv)
    if not args.contracts_dir.is_dir():
        parser.error(f"{args.contracts_dir} is not a directory")
    return sync(args.contracts_dir, render(all_catalogs()), check=args.check)


if __name__ == "__main__":
    sys.exit(main())
