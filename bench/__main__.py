"""``make bench``: every benchmark in one run, printed as one table.

Benchmarks are not tests: they measure, print, and exit 0 whatever the figures; the
``ok`` column says whether each met its target. ``--scale district`` (``make bench
SCALE=district``) runs the district-scale benchmark alone instead (bench.district:
long; ``--scale street`` or a fraction such as ``1/50`` runs a part of it).
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import traceback

from bench import district
from bench._harness import Row, infra, print_table
from bench.district_world import Scale
from shequ.service import tune_gc

# Imported when run, so a suite that does not import (a service mid-change) costs
# only its own figures.
SUITES = (
    "platform",
    "registry",
    "employment",
    "reporting",
    "personal",
    "rehab",
    "mediation",
    "http",
    "events",
    "backup",
)


async def main(names: list[str]) -> list[Row]:
    async with infra() as (database_url, nats_url):
        print(f"servers: {database_url} | {nats_url}", file=sys.stderr)
        tune_gc()  # as a service process does once started
        if names[:1] == ["--scale"] and len(names) >= 2:
            years = int(names[3]) if names[2:3] == ["--years"] else None
            scale = Scale.parse(names[1], *(() if years is None else (years,)))
            return await district.run(database_url, nats_url, scale)
        rows: list[Row] = []
        for name in names or SUITES:
            if name not in SUITES:
                raise SystemExit(f"no bench suite {name!r}; one of {SUITES}")
            print(f"running bench.{name} ...", file=sys.stderr)
            try:
                suite = importlib.import_module(f"bench.{name}")
                rows.extend(await suite.run(database_url, nats_url))
            except Exception:  # one broken suite must not lose the others' figures
                traceback.print_exc()
                rows.append(
                    Row(f"bench.{name} failed (see above)", 0, "", passed=False)
                )
        return rows


if __name__ == "__main__":
    print_table(asyncio.run(main(sys.argv[1:])))
