"""Demo data for ``make run`` (filled in once the registry's demo people are in)."""

from __future__ import annotations

from shequ.service import Runtime


async def load_demo(runtime: Runtime) -> None:
    return None
