"""The statements the store runs, and the rules they enforce inside PostgreSQL.

An append is one INSERT: the expected head (version, hash, stream type, an older
transaction) must exist, the unique (stream, version) key stops a concurrent writer,
and a keyed command's record is written by the same statement. Reads of the global
order stop below the oldest running transaction, so they never skip a late commit.
"""

from __future__ import annotations

import functools

_COLUMNS = """transaction_id, event_id, stream_type, stream_id, version, event_type,
    schema_version, data, occurred_at, recorded_at, actor, office, correlation_id,
    causation_id, trace_context, idempotency_key, previous_hash, hash"""

# $4 is the expected head's hash. Nothing is inserted unless that head exists, was
# written by an older transaction than this one (so global order and stream order
# agree), and is of the same stream type; a new stream needs no head, as the unique
# (stream, version) key refuses a second version 1.
_HEAD_EXISTS = """EXISTS (SELECT 1 FROM events
    WHERE stream_id = $2 AND version = $3 AND hash = $4 AND stream_type = $1
      AND transaction_id <= pg_current_xact_id())"""

_ONE_ROW = """SELECT pg_current_xact_id(), ($5::uuid[])[1], $1, $2, $3 + 1,
    ($6::text[])[1], ($7::int[])[1], ($8::json[])[1], $11, $12, $13, $14, $15, $16,
    $17::jsonb, $18, ($9::bytea[])[1], ($10::bytea[])[1]"""

_MANY_ROWS = """SELECT pg_current_xact_id(), u.event_id, $1, $2, $3 + u.n::int,
    u.event_type, u.schema_version, u.data, $11, $12, $13, $14, $15, $16, $17::jsonb,
    $18, u.previous_hash, u.hash
    FROM unnest($5::uuid[], $6::text[], $7::int[], $8::json[], $9::bytea[],
                $10::bytea[]) WITH ORDINALITY
         AS u(event_id, event_type, schema_version, data, previous_hash, hash, n)"""


@functools.cache
def append_sql(*, many: bool, new_stream: bool, keyed: bool) -> str:
    """The append statement for one shape of call.

    One shape costs about half what the general statement costs (bench (a)): a single
    event needs no unnest, a new stream no head check, an unkeyed command no record.
    Every shape takes the same 18 parameters, so each must mention all of them.
    """
    rows = _MANY_ROWS if many else _ONE_ROW
    guard = "" if new_stream else f"WHERE {_HEAD_EXISTS}"
    order = "ORDER BY u.n" if many else ""
    insert = f"INSERT INTO events ({_COLUMNS}) {rows} {guard} {order}"
    insert += " RETURNING position, transaction_id"
    command = (
        """, command AS (
        INSERT INTO commands
        SELECT $18, $2, $3 + 1, $3 + count(*)::int, min(position), max(position),
               (array_agg(transaction_id))[1], $12
        FROM inserted HAVING count(*) > 0)"""
        if keyed
        else ""
    )
    return f"""WITH inserted AS ({insert}){command}
        SELECT count(*) AS appended, min(position) AS first_position,
               max(position) AS last_position,
               (array_agg(transaction_id))[1] AS transaction_id,
               $4::bytea AS expected_hash
        FROM inserted"""


# The envelope is built by PostgreSQL as JSON text and parsed by pydantic-core, which
# costs a fraction of assembling it field by field in Python (bench (c) and (e)).
ENVELOPE = """json_build_object(
    'event_id', event_id, 'service', $1::text, 'stream_type', stream_type,
    'stream_id', stream_id, 'version', version, 'position', position,
    'transaction_id', transaction_id::text::bigint, 'event_type', event_type,
    'schema_version', schema_version, 'data', data, 'occurred_at', occurred_at,
    'recorded_at', recorded_at, 'actor', actor, 'office', office,
    'correlation_id', correlation_id, 'causation_id', causation_id,
    'trace_context', trace_context, 'previous_hash', encode(previous_hash, 'hex'),
    'hash', encode(hash, 'hex'))::text"""

AFTER = """(transaction_id, position) > ($2::xid8, $3::bigint)
    AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY transaction_id, position LIMIT $4"""


START_STREAMS = f"""INSERT INTO events ({_COLUMNS})
    SELECT pg_current_xact_id(), u.event_id, u.stream_type, u.stream_id, u.version,
        u.event_type, u.schema_version, u.data, $10, $11, $12, $13, $14, $15,
        $16::jsonb, NULL, u.previous_hash, u.hash
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[],
                $7::json[], $8::bytea[], $9::bytea[]) WITH ORDINALITY
         AS u(event_id, stream_type, stream_id, version, event_type, schema_version,
              data, previous_hash, hash, n)
    ORDER BY u.n
    RETURNING position, transaction_id"""
