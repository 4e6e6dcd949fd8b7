"""Masking personal data (脱敏) for readers who may not see it whole.

One rule for every service, so a number hidden by the registry is not shown by
reporting: ID numbers keep their ends, phones their first three and last four digits,
names their family name.
"""

from __future__ import annotations


def mask_id(number: str) -> str:
    """The number with all but its ends hidden: ``4419**********1234`` for an ID."""
    shown = min(4, len(number) // 4)
    if shown == 0:
        return "*" * len(number)
    return number[:shown] + "*" * (len(number) - 2 * shown) + number[-shown:]


def mask_phone(phone: str) -> str:
    """A phone with its middle hidden: ``138****5678`` for a mobile number."""
    if len(phone) < 8:
        return "*" * max(len(phone) - 2, 0) + phone[-2:]
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_name(name: str) -> str:
    """张三丰 → 张**: the family name stays so a worker can still tell rows apart."""
    return name[:1] + "*" * max(len(name) - 1, 1)
