"""Temporal rows: each version of a record is valid from one recorded time to the next.

A change closes the current row (``valid_to``) and opens a new one from the same
moment, so "as it stood at T" is ``valid_from <= T < valid_to`` (open rows have no
``valid_to``). Times are the events' recorded times, so a rebuild gives the same rows.

Appliers do not write: they note changes on a :class:`Changes` for the whole batch,
which plays them in order against the current rows and then writes each table in a
few set-wise statements, whatever the batch size. Playing in order gives the rows an
event-by-event apply would, so batch boundaries never show in the result (live and
rebuilt read models are equal).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from operator import itemgetter
from typing import Any

import asyncpg

AS_OF = "({t}.valid_from <= $1 AND ({t}.valid_to IS NULL OR {t}.valid_to > $1))"

Row = dict[str, Any]
Update = Mapping[str, Any] | Callable[[Row], Mapping[str, Any]]


def as_of(table: str) -> str:
    """The SQL condition that ``table``'s row was current at ``$1``."""
    return AS_OF.format(t=table)


@dataclass
class _Table:
    """The changes to one temporal table, in the order they were noted."""

    keys: tuple[str, ...]
    ops: list[tuple[str, tuple[Any, ...], datetime, Update | None, bool]] = field(
        default_factory=list
    )


@dataclass
class Changes:
    """What one batch of events does to the ledgers, written by :meth:`write`."""

    _tables: dict[str, _Table] = field(default_factory=dict)
    _inserts: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    _statements: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    _last: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    # People whose standing changes other than by a key of theirs (a certificate
    # by its number, an erasure): the ledgers of now are kept for them too.
    touched: set[str] = field(default_factory=set)

    def replace(
        self, table: str, keys: Mapping[str, Any], at: datetime, values: Row
    ) -> None:
        """Close the current row of ``keys`` (if any); open one holding ``values``."""
        self._note(table, "replace", keys, at, values, create=True)

    def change(
        self,
        table: str,
        keys: Mapping[str, Any],
        at: datetime,
        update: Update,
        *,
        create: bool = False,
    ) -> None:
        """Close the current row of ``keys`` and open one with ``update`` applied.

        ``update`` is the changed values, or a function of the current row giving
        them. Without a current row nothing happens, unless ``create``: then the new
        row holds ``keys`` and the values only.
        """
        self._note(table, "change", keys, at, update, create=create)

    def end(self, table: str, keys: Mapping[str, Any], at: datetime) -> None:
        """Close the current row of ``keys``: from ``at`` on there is none."""
        self._note(table, "end", keys, at, None, create=False)

    def insert(self, table: str, row: tuple[Any, ...]) -> None:
        """Add a plain (not temporal) row; one already there by key is kept."""
        self._inserts.setdefault(table, []).append(row)

    def statement(self, sql: str, *args: Any) -> None:
        """Run ``sql`` at write time, in the order noted (for rare plain changes)."""
        self._statements.append((sql, args))

    def finally_(self, sql: str, *args: Any) -> None:
        """Run ``sql`` once every row of the batch is written (wipe every version)."""
        self._last.append((sql, args))

    def touch(self, person_id: str) -> None:
        """Note that ``person_id``'s standing changes though no key of theirs does."""
        self.touched.add(person_id)

    def keys(self, table: str, column: str) -> set[Any]:
        """The values of key ``column`` of every change noted to ``table``."""
        entry = self._tables.get(table)
        if entry is None:
            return set()
        at = entry.keys.index(column)
        return {op[1][at] for op in entry.ops}

    def _note(
        self,
        table: str,
        kind: str,
        keys: Mapping[str, Any],
        at: datetime,
        update: Update | None,
        *,
        create: bool,
    ) -> None:
        entry = self._tables.get(table)
        if entry is None:  # not setdefault: a _Table per change costs a rebuild time
            entry = self._tables[table] = _Table(tuple(keys))
        entry.ops.append((kind, tuple(keys.values()), at, update, create))

    async def write(self, conn: asyncpg.Connection) -> None:
        """Play every noted change and write it, table by table (in a transaction)."""
        # The serving pools plan each statement for its values (for the reads), and
        # given a batch's thousands of keys and a table not yet analyzed (a rebuild,
        # a first start), the planner sorted the whole table to merge them in: 0.8-1
        # s per batch against 11-17 ms probing the ``*_current`` index key by key
        # (people, 1,000,000 rows). A plan made for any values probes.
        await conn.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        for sql, args in self._statements:
            await conn.execute(sql, *args)
        for table, entry in self._tables.items():
            await _write_table(conn, table, entry)
        for table, rows in self._inserts.items():
            marks = ", ".join(f"${i}" for i in range(1, len(rows[0]) + 1))
            await conn.executemany(
                f"INSERT INTO {table} VALUES ({marks}) ON CONFLICT DO NOTHING", rows
            )
        for sql, args in self._last:
            await conn.execute(sql, *args)


async def _write_table(conn: asyncpg.Connection, table: str, entry: _Table) -> None:
    keys = entry.keys
    touched = list(dict.fromkeys(op[1] for op in entry.ops))
    match = " AND ".join(f"t.{k} = k.{k}" for k in keys)
    current: dict[tuple[Any, ...], Mapping[str, Any]] = {}
    # Keys whose stored current row (if any) is still to be closed. When every
    # change replaces a row none reads it, so it is not fetched: closing a row that
    # is not there closes nothing (a rebuild's statuses, registrations).
    unclosed: set[tuple[Any, ...]] = set(touched)
    if any(op[0] != "replace" for op in entry.ops):
        stored = await conn.fetch(
            f"""SELECT t.* FROM {table} t
                JOIN (SELECT * FROM unnest({_text_arrays(len(keys))})
                      AS k({", ".join(keys)})) k ON {match}
                WHERE t.valid_to IS NULL""",
            *([key[i] for key in touched] for i in range(len(keys))),
        )
        # Records, not dicts: most changes never read the row they close.
        key_of = itemgetter(*keys)
        current = (
            {(key_of(r),): r for r in stored}
            if len(keys) == 1
            else {key_of(r): r for r in stored}
        )
        unclosed = set(current)
    closed: dict[tuple[Any, ...], datetime] = {}
    opened: list[Row] = []
    for kind, key, at, update, create in entry.ops:
        row = current.pop(key, None)
        if key in unclosed:
            unclosed.discard(key)
            closed[key] = at
        elif row is not None:
            row["valid_to"] = at  # type: ignore[index]  # opened in this batch: a dict
        elif kind == "end" or (kind == "change" and not create):
            continue
        if kind == "end":
            continue
        new: Row = _Opened(row) if row is not None and kind == "change" else _Opened()
        values = update(new) if callable(update) else update or {}
        new.update(zip(keys, key, strict=True))
        new.update(values)
        new["valid_from"] = at
        new["valid_to"] = None
        opened.append(new)
        current[key] = new
    if closed:
        await conn.execute(
            f"""UPDATE {table} t SET valid_to = k.at
                FROM unnest({_text_arrays(len(keys))}, ${len(keys) + 1}::timestamptz[])
                     AS k({", ".join(keys)}, at)
                WHERE {match} AND t.valid_to IS NULL""",
            *([key[i] for key in closed] for i in range(len(keys))),
            list(closed.values()),
        )
    if opened:
        # chain and map, not generator expressions: this runs per column of every
        # row a rebuild writes.
        columns = list(dict.fromkeys(chain.from_iterable(opened)))
        await conn.copy_records_to_table(
            table,
            records=[tuple(map(row.get, columns)) for row in opened],
            columns=columns,
        )


class _Opened(dict[str, Any]):
    """A row opened in this batch: a column it was not given reads as NULL.

    As the stored row would: an update that reads a column (the last session's
    date) must see the same whether the row was written by an earlier batch or
    opened earlier in this one, or the batch fails and is applied event by event.
    """

    def __missing__(self, key: str) -> None:
        return None


def _text_arrays(count: int) -> str:
    """``$1::text[], ..., $count::text[]``: the key columns (every key is text)."""
    return ", ".join(f"${i}::text[]" for i in range(1, count + 1))
