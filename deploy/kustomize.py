"""Render a kustomization in Python, for the part of kustomize deploy/ uses.

``python deploy/kustomize.py deploy/overlays/district`` prints what ``kubectl
kustomize deploy/overlays/district`` prints, as objects (not byte for byte, nor in
its order), for: ``resources`` (files and folders with a kustomization.yaml),
``namespace``, ``labels`` (metadata only), ``images`` and ``patches`` — a file or
inline strategic-merge patch (applied as a JSON merge: maps merged, lists replaced,
which is what kustomize does for the lists deploy/ patches) or an inline JSON 6902
patch with a ``target`` (kind, name as a regular expression). Anything else is
refused, so a kustomization that grows past this subset fails loudly.

Why: ``kubectl`` does not come from PyPI, Debian (only an old 1.20 whose kustomize
knows neither ``labels`` nor ``patches``) or npm, so a developer machine may lack
it. tests/test_deploy.py renders with this and, where kubectl is installed, checks
that both give the same objects.
"""

from __future__ import annotations

import copy
import re
import sys
from pathlib import Path
from typing import Any

import yaml

Obj = dict[str, Any]
KNOWN = {"apiVersion", "kind", "resources", "namespace", "labels", "images", "patches"}
# Kinds that live outside any namespace (of those deploy/ could use).
CLUSTER_SCOPED = {
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "PersistentVolume",
    "StorageClass",
    "IngressClass",
    "PriorityClass",
}


def load_documents(path: Path) -> list[Obj]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def render(folder: Path) -> list[Obj]:
    """The objects the kustomization in ``folder`` makes."""
    spec: Obj = yaml.safe_load((folder / "kustomization.yaml").read_text())
    unknown = set(spec) - KNOWN
    if unknown:
        raise ValueError(f"{folder}: kustomize fields not rendered here: {unknown}")
    objects: list[Obj] = []
    for entry in spec.get("resources", []):
        path = folder / entry
        objects += render(path) if path.is_dir() else load_documents(path)
    for patch in spec.get("patches", []):
        _patch(folder, objects, patch)
    for image in spec.get("images", []):
        for obj in objects:
            _set_image(obj, image)
    for label in spec.get("labels", []):
        if set(label) - {"pairs"}:
            raise ValueError(f"{folder}: only labels' pairs are rendered here")
        for obj in objects:
            obj["metadata"].setdefault("labels", {}).update(label["pairs"])
    if namespace := spec.get("namespace"):
        for obj in objects:
            if obj["kind"] not in CLUSTER_SCOPED:
                obj["metadata"]["namespace"] = namespace
    return objects


def merge(base: Any, patch: Any) -> Any:
    """JSON merge patch (RFC 7396): maps merged key by key, anything else replaced."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    merged = dict(base)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge(base.get(key), value)
    return merged


def _patch(folder: Path, objects: list[Obj], patch: Obj) -> None:
    if set(patch) - {"path", "patch", "target"}:
        raise ValueError(f"{folder}: patch fields not rendered here: {patch}")
    body = (
        yaml.safe_load((folder / patch["path"]).read_text())
        if "path" in patch
        else yaml.safe_load(patch["patch"])
    )
    if isinstance(body, list):  # JSON 6902 operations on every target
        target = patch["target"]
        for n, obj in enumerate(objects):
            if _targeted(obj, target):
                objects[n] = _json6902(obj, body)
        return
    for n, obj in enumerate(objects):
        if (obj["kind"], obj["metadata"]["name"]) == (
            body["kind"],
            body["metadata"]["name"],
        ):
            objects[n] = merge(obj, body)
            return
    raise ValueError(f"{folder}: patch for nothing: {body['kind']} {body['metadata']}")


def _targeted(obj: Obj, target: Obj) -> bool:
    if set(target) - {"kind", "name"}:
        raise ValueError(f"target fields not rendered here: {target}")
    return ("kind" not in target or obj["kind"] == target["kind"]) and (
        "name" not in target
        or re.fullmatch(target["name"], obj["metadata"]["name"]) is not None
    )


def _json6902(obj: Obj, operations: list[Obj]) -> Obj:
    obj = copy.deepcopy(obj)
    for operation in operations:
        if operation["op"] not in {"replace", "add"}:
            raise ValueError(f"JSON patch operation not rendered here: {operation}")
        *parents, last = operation["path"].lstrip("/").split("/")
        node: Any = obj
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            index = len(node) if last == "-" else int(last)
            if operation["op"] == "add":
                node.insert(index, operation["value"])
            else:
                node[index] = operation["value"]
        else:
            if operation["op"] == "replace" and last not in node:
                raise ValueError(f"nothing to replace at {operation['path']}")
            node[last] = operation["value"]
    return obj


def _set_image(node: Any, image: Obj) -> None:
    """Each ``containers[].image`` / ``initContainers[].image`` named ``image.name``."""
    if isinstance(node, list):
        for item in node:
            _set_image(item, image)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in {"containers", "initContainers"} and isinstance(value, list):
            for container in value:
                name = re.split(r"[:@]", container.get("image", ""), maxsplit=1)[0]
                if name == image["name"]:
                    new = image.get("newName", name)
                    tag = image.get("newTag")
                    container["image"] = f"{new}:{tag}" if tag else new
        _set_image(value, image)


def main(argv: list[str]) -> None:
    objects = render(Path(argv[0]))
    sys.stdout.write(yaml.safe_dump_all(objects, sort_keys=False))


if __name__ == "__main__":
    main(sys.argv[1:])
