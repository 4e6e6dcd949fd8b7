"""The committee's figures (人民调解统计): rates from counts. Pure.

- success rate (调解成功率): agreements among disputes concluded (agreed or failed);
- on-time rate: disputes concluded within the period the district sets, among those
  concluded;
- fulfilment rate (履行率): obligations followed up and found fulfilled, among those
  followed up;
- satisfaction (满意率): 回访 where the parties were satisfied, among the 回访 that
  asked them (an imported 回访 may not say).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Counts:
    agreed: int
    failed: int
    on_time: int
    followed_up: int
    fulfilled: int
    satisfied: int
    asked: int  # 回访 that recorded whether the parties were satisfied


@dataclass(frozen=True)
class Rates:
    success: float | None
    on_time: float | None
    fulfilment: float | None
    satisfaction: float | None


def rate(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` as a fraction rounded to 4 places; None of nothing."""
    return round(part / whole, 4) if whole else None


def rates(c: Counts) -> Rates:
    concluded = c.agreed + c.failed
    return Rates(
        success=rate(c.agreed, concluded),
        on_time=rate(c.on_time, concluded),
        fulfilment=rate(c.fulfilled, c.followed_up),
        satisfaction=rate(c.satisfied, c.asked),
    )
