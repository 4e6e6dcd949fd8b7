"""The ledgers as they stand now (现状), kept as events change them.

A reading of now over the temporal tables reads every current person of the subtree:
1,000,000 rows for the district, 1.4-5.5 s a request. Most readings are of now, so
two things are kept beside the temporal tables, in the same transaction:

- ``unemployed_now``: the unemployed persons ledger's rows, in the page's order;
- ``figure_days`` and ``figure_years``: the figures' counts per community, sex and
  birth date (and birth year). Working age moves with the calendar, so counts are
  kept by birth date and summed over the bounds of the day asked (``domain.figures``).

``ledgers_now`` holds the latest recorded time they include (NULL: nothing yet); it
has no row while they are not filled. A reading at or after that time reads them (no
row of the temporal tables changes after it); an earlier one, or one while they are
not filled, reads the temporal tables. A bulk load (a rebuild, a first start) leaves
them empty, and :func:`settle` fills them once after it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import asyncpg

from shequ.contracts.employment import IN_LABOUR_FORCE
from shequ.eventstore import Migration
from shequ.reporting.readmodels.ledgers._temporal import Changes
from shequ.service import Db

# What each cell counts: its people, then those counted in the labour force, the
# unemployed among them, the registered unemployed and certificates in use.
_COUNTS = ("people", "counted", "unemployed", "registered", "certificates")
TABLES = ("ledgers_now", "unemployed_now", "figure_days", "figure_years")
MIGRATIONS = [
    Migration(
        "reporting-ledgers-now",
        1,
        """CREATE TABLE IF NOT EXISTS ledgers_now (
               one            boolean PRIMARY KEY DEFAULT true CHECK (one),
               recorded_until timestamptz);
           CREATE TABLE IF NOT EXISTS unemployed_now (
               person_id        text PRIMARY KEY,
               office           text NOT NULL,
               name             text NOT NULL,
               document_masked  text,
               sex              text NOT NULL,
               birth_date       date NOT NULL,
               status           text,
               unemployed_since date,
               registered_on    date,
               certificates     text[] NOT NULL,
               tags             text[] NOT NULL);
           CREATE INDEX IF NOT EXISTS unemployed_now_order
               ON unemployed_now (office COLLATE "C", name, person_id);
           CREATE TABLE IF NOT EXISTS figure_days (
               sex text NOT NULL, born date NOT NULL, community text NOT NULL,
               {counts}, PRIMARY KEY (sex, born, community));
           CREATE TABLE IF NOT EXISTS figure_years (
               sex text NOT NULL, born_in integer NOT NULL, community text NOT NULL,
               {counts}, PRIMARY KEY (sex, born_in, community));""".format(
            counts=", ".join(f"{name} integer NOT NULL" for name in _COUNTS)
        ),
    )
]

# Two locks per schema (a rebuild's generation does not wait on the one serving).
# Every batch that changes someone's rows holds the fill lock shared, and a fill
# (``settle``) holds it alone: a fill sees no batch under way. Batches of different
# sources go on side by side while the tables are not kept (a rebuild catches its
# sources up at once), but once they are, a batch takes the counts lock too: the
# counts are moved by (after - before) per person, which two batches of different
# sources (a move and a status) would each compute without the other's change, and
# count one twice.
_KEY = "hashtext(current_schema() || '.reporting-ledgers-now{}')"
_BATCH_LOCK = f"SELECT pg_advisory_xact_lock_shared({_KEY.format('')})"
_FILL_LOCK = f"SELECT pg_advisory_xact_lock({_KEY.format('')})"
_COUNTS_LOCK = f"SELECT pg_advisory_xact_lock({_KEY.format('-counts')})"

# Whom each query reads: everyone (a fill), or the people a batch changed.
_EVERYONE = ""
_ONLY = "AND {{t}}.person_id = ANY(${n}::text[])"

# The figures' counts per cell, from the current rows: as ``figures`` counts them.
_CELLS = """
SELECT p.sex, p.birth_date AS born, left(p.office, 12) AS community,
       count(*)::int AS people,
       count(*) FILTER (WHERE NOT 'student' = ANY(p.tags)
                        AND l.status = ANY($1::text[]))::int AS counted,
       count(*) FILTER (WHERE NOT 'student' = ANY(p.tags)
                        AND l.status = 'unemployed')::int AS unemployed,
       count(g.person_id)::int AS registered,
       coalesce(sum(c.n), 0)::int AS certificates
FROM people p
LEFT JOIN labour l ON l.person_id = p.person_id AND l.valid_to IS NULL
LEFT JOIN (SELECT DISTINCT r.person_id FROM registrations r
           WHERE r.valid_to IS NULL {only_r}) g ON g.person_id = p.person_id
LEFT JOIN (SELECT c.person_id, count(*) AS n FROM certificates c
           WHERE c.valid_to IS NULL {only_c} GROUP BY c.person_id) c
       ON c.person_id = p.person_id
WHERE p.valid_to IS NULL AND p.alive AND NOT p.erased {only_p}
GROUP BY 1, 2, 3
"""

# The unemployed persons ledger's rows, from the current rows: as ``views`` lists them.
_LISTED = """
WITH registered AS (
    SELECT r.person_id, min(r.registered_on) AS registered_on
    FROM registrations r WHERE r.valid_to IS NULL {only_r} GROUP BY r.person_id),
certified AS (
    SELECT c.person_id, array_agg(c.number ORDER BY c.number) AS certificates
    FROM certificates c WHERE c.valid_to IS NULL {only_c} GROUP BY c.person_id)
INSERT INTO unemployed_now
SELECT p.person_id, p.office, p.name, p.document_masked, p.sex, p.birth_date, l.status,
       CASE WHEN l.status = 'unemployed' THEN l.since END, g.registered_on,
       coalesce(c.certificates, '{{}}'), p.tags
FROM people p
LEFT JOIN labour l ON l.person_id = p.person_id AND l.valid_to IS NULL
LEFT JOIN registered g ON g.person_id = p.person_id
LEFT JOIN certified c ON c.person_id = p.person_id
WHERE p.valid_to IS NULL AND p.alive {only_p}
  AND (l.status = 'unemployed' OR g.person_id IS NOT NULL)
"""

# The temporal tables keyed by person whose rows the tables here are made of (a
# certificate, keyed by number, touches its holder: ``Changes.touch``).
_BY_PERSON = ("people", "labour", "registrations")
Cell = tuple[str, date, str]  # sex, birth date, community
Counts = dict[Cell, list[int]]  # as ``_COUNTS``


def _for(template: str, persons: int | None) -> str:
    """``template`` for everyone, or for the people in parameter ``$persons``."""
    only = _EVERYONE if persons is None else _ONLY.format(n=persons)
    return template.format(**{f"only_{t}": only.format(t=t) for t in "prc"})


def persons_changed(changes: Changes) -> set[str]:
    """The people whose rows of the tables kept here ``changes`` may change."""
    keyed = (changes.keys(table, "person_id") for table in _BY_PERSON)
    return changes.touched.union(*keyed)


def office_span(prefix: str) -> tuple[str, str]:
    """The codes from ``prefix`` up to the next prefix: its subtree, in "C" order."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


async def _filled(db: Db) -> tuple[bool, datetime | None]:
    """Whether the tables are filled, and the latest recorded time they include."""
    row = await db.fetchrow("SELECT recorded_until FROM ledgers_now")
    return row is not None, row and row["recorded_until"]


async def holds(db: Db, at: datetime) -> bool:
    """Whether the tables are the ledgers as they stood at ``at``."""
    filled, until = await _filled(db)
    return filled and (until is None or at >= until)


async def before_batch(
    conn: asyncpg.Connection, persons: Iterable[str]
) -> Counts | None:
    """The counts ``persons`` stand in before a batch (``None``: not kept now).

    Takes the locks the batch then holds to its end.
    """
    await conn.execute(_BATCH_LOCK)  # before the check: a fill may be under way
    if not (await _filled(conn))[0]:
        return None
    await conn.execute(_COUNTS_LOCK)
    return await _cells_of(conn, list(persons))


async def after_batch(
    conn: asyncpg.Connection, persons: Iterable[str], before: Counts, until: datetime
) -> None:
    """Move the counts and rows of ``persons`` to what the batch made them."""
    changed = list(persons)
    await _add(conn, _moved(await _cells_of(conn, changed), before))
    await conn.execute(
        "DELETE FROM unemployed_now WHERE person_id = ANY($1::text[])", changed
    )
    await conn.execute(_for(_LISTED, 1), changed)
    await conn.execute(
        "UPDATE ledgers_now SET recorded_until = greatest(recorded_until, $1)", until
    )


async def settle(conn: asyncpg.Connection) -> None:
    """Fill the tables from the temporal ones, unless they are kept already."""
    async with conn.transaction():
        await conn.execute(_FILL_LOCK)
        if (await _filled(conn))[0]:
            return
        await conn.execute("TRUNCATE unemployed_now, figure_days, figure_years")
        columns = ", ".join(_COUNTS)
        await conn.execute(
            f"""INSERT INTO figure_days (sex, born, community, {columns})
                {_for(_CELLS, None)}""",
            list(IN_LABOUR_FORCE),
        )
        await conn.execute(
            f"""INSERT INTO figure_years (sex, born_in, community, {columns})
                SELECT sex, extract(year FROM born)::int, community,
                       {", ".join(f"sum({c})" for c in _COUNTS)}
                FROM figure_days GROUP BY 1, 2, 3"""
        )
        await conn.execute(_for(_LISTED, None))
        # No temporal row changes after the latest time any of them names.
        await conn.execute(
            """INSERT INTO ledgers_now (recorded_until)
               SELECT max(t) FROM (
                   SELECT max(greatest(valid_from, valid_to)) FROM people
                   UNION ALL SELECT max(greatest(valid_from, valid_to)) FROM labour
                   UNION ALL
                   SELECT max(greatest(valid_from, valid_to)) FROM registrations
                   UNION ALL
                   SELECT max(greatest(valid_from, valid_to)) FROM certificates
               ) AS latest(t)"""
        )
    # Marked all-visible, a page is cut from the index alone: at the district's
    # population a page deep in the ledger took 174 ms before, 19 after (0.4 s).
    await conn.execute("VACUUM (ANALYZE) unemployed_now, figure_days, figure_years")


async def _cells_of(conn: asyncpg.Connection, persons: list[str]) -> Counts:
    """The counts per cell of ``persons`` as they stand."""
    rows = await conn.fetch(_for(_CELLS, 2), list(IN_LABOUR_FORCE), persons)
    return {
        (r["sex"], r["born"], r["community"]): [r[name] for name in _COUNTS]
        for r in rows
    }


def _moved(after: Counts, before: Counts) -> Counts:
    """What each cell gains (or loses) going from ``before`` to ``after``."""
    moved = {cell: list(values) for cell, values in after.items()}
    for cell, values in before.items():
        gained = moved.setdefault(cell, [0] * len(_COUNTS))
        for i, n in enumerate(values):
            gained[i] -= n
    return {cell: values for cell, values in moved.items() if any(values)}


async def _add(conn: asyncpg.Connection, days: Counts) -> None:
    """Add ``days``' counts (negative ones subtract) to the day and year cells."""
    if not days:
        return
    years: dict[tuple[str, int, str], list[int]] = {}
    for (sex, born, community), values in days.items():
        total = years.setdefault((sex, born.year, community), [0] * len(_COUNTS))
        for i, n in enumerate(values):
            total[i] += n
    for table, key, key_type, cells in (
        ("figure_days", "born", "date", days),
        ("figure_years", "born_in", "integer", years),
    ):
        columns = ", ".join(_COUNTS)
        added = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in _COUNTS)
        types = ["text", key_type, "text", *(["integer"] * len(_COUNTS))]
        marks = ", ".join(f"${i}::{t}[]" for i, t in enumerate(types, start=1))
        await conn.execute(
            f"""INSERT INTO {table} (sex, {key}, community, {columns})
                SELECT * FROM unnest({marks})
                ON CONFLICT (sex, {key}, community) DO UPDATE SET {added}""",
            *(list(column) for column in zip(*cells, strict=True)),
            *(list(column) for column in zip(*cells.values(), strict=True)),
        )
        # A cell left with no one counts nothing (every count is of its people):
        # dropped, the cells are those a fill from the rows would make.
        await conn.execute(
            f"""DELETE FROM {table} t
                USING unnest($1::text[], $2::{key_type}[], $3::text[])
                      AS k(sex, {key}, community)
                WHERE (t.sex, t.{key}, t.community) = (k.sex, k.{key}, k.community)
                  AND t.people = 0""",
            *(list(column) for column in zip(*cells, strict=True)),
        )
