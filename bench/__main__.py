"""``make bench``: every benchmark in one run, printed as one table.

Benchmarks are not tests: they measure, print, and exit 0 whatever the figures; the
``ok`` column says whether each met its target.
"""

from __future__ import annotations

import asyncio
import sys
import traceback

from bench import employment, platform, registry, reporting
from bench._harness import Row, infra, print_table
from shequ.service import tune_gc

SUITES = {
    "platform": platform,
    "registry": registry,
    "employment": employment,
    "reporting": reporting,
}


async def main(names: list[str]) -> list[Row]:
    async with infra() as (database_url, nats_url):
        print(f"servers: {database_url} | {nats_url}", file=sys.stderr)
        tune_gc()  # as a service process does once started
        rows: list[Row] = []
        for suite in [SUITES[n] for n in names or SUITES]:
            print(f"running {suite.__name__} ...", file=sys.stderr)
            try:
                rows.extend(await suite.run(database_url, nats_url))
            except Exception:  # one broken suite must not lose the others' figures
                traceback.print_exc()
                rows.append(
                    Row(f"{suite.__name__} failed (see above)", 0, "", passed=False)
                )
        return rows


if __name__ == "__main__":
    print_table(asyncio.run(main(sys.argv[1:])))
