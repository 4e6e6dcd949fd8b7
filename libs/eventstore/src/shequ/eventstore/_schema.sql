-- The event store of one service, created in the connection's current schema.
-- Safe to run twice: every statement is idempotent (see _migrate.py for locking).

CREATE TABLE IF NOT EXISTS events (
    position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The writing transaction's id. Readers order by (transaction_id, position) and stop
    -- below the oldest running transaction, so a late commit is never skipped
    -- (see test_reader_never_skips_a_late_commit).
    transaction_id  xid8        NOT NULL,
    event_id        uuid        NOT NULL UNIQUE,
    stream_type     text        NOT NULL,
    stream_id       text        NOT NULL,
    version         integer     NOT NULL CHECK (version >= 1),
    event_type      text        NOT NULL,
    schema_version  integer     NOT NULL CHECK (schema_version >= 1),
    data            jsonb       NOT NULL,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    actor           text,
    office          text,
    correlation_id  uuid,
    causation_id    uuid,
    trace_context   jsonb       NOT NULL DEFAULT '{}',
    idempotency_key text,
    previous_hash   bytea       NOT NULL,
    hash            bytea       NOT NULL,
    -- The guard against lost updates: two writers cannot both add version n.
    CONSTRAINT events_stream_version UNIQUE (stream_id, version)
);

CREATE INDEX IF NOT EXISTS events_global_order ON events (transaction_id, position);
CREATE INDEX IF NOT EXISTS events_recorded_at ON events (recorded_at);

-- One row per command that carried an idempotency key: a retry returns this result.
CREATE TABLE IF NOT EXISTS commands (
    idempotency_key text        PRIMARY KEY,
    stream_id       text        NOT NULL,
    first_version   integer     NOT NULL,
    last_version    integer     NOT NULL,
    first_position  bigint,
    last_position   bigint,
    transaction_id  xid8        NOT NULL,
    recorded_at     timestamptz NOT NULL
);

-- The canonical encoding hashed into the chain. jsonb's text form is deterministic, and
-- times enter as integer microseconds so the session time zone cannot change a digest.
CREATE OR REPLACE FUNCTION event_digest(
    previous_hash bytea, event_id uuid, stream_type text, stream_id text, version integer,
    event_type text, schema_version integer, data jsonb, occurred_at timestamptz,
    recorded_at timestamptz, actor text, office text, correlation_id uuid,
    causation_id uuid
) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(previous_hash || convert_to(jsonb_build_array(
        event_id, stream_type, stream_id, version, event_type, schema_version, data,
        (extract(epoch FROM occurred_at) * 1000000)::bigint,
        (extract(epoch FROM recorded_at) * 1000000)::bigint,
        actor, office, correlation_id, causation_id)::text, 'UTF8'))
$$;

-- Append a batch to one stream in one call: idempotency check, version check, hash
-- chain and insert are one round trip (DEPENDENCY-NOTES: round trips dominate appends).
-- A concurrent writer of the same version loses on events_stream_version.
CREATE OR REPLACE FUNCTION append_events(
    p_stream_type text, p_stream_id text, p_expected_version integer,
    p_idempotency_key text, p_event_ids uuid[], p_event_types text[],
    p_schema_versions integer[], p_data jsonb[], p_occurred_at timestamptz,
    p_actor text, p_office text, p_correlation_id uuid, p_causation_id uuid,
    p_trace_context jsonb
) RETURNS TABLE (
    duplicate boolean, first_version integer, last_version integer,
    first_position bigint, last_position bigint, transaction_id xid8
) LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    v_head_version integer;
    v_head_hash    bytea;
    v_head_type    text;
    v_head_xid     xid8;
    v_xid          xid8;
    v_now          timestamptz := clock_timestamp();
    v_count        integer := cardinality(p_event_ids);
    v_prev         bytea;
    v_prevs        bytea[] := '{}';
    v_hashes       bytea[] := '{}';
    v_first_pos    bigint;
    v_last_pos     bigint;
BEGIN
    IF p_idempotency_key IS NOT NULL THEN
        RETURN QUERY SELECT true, c.first_version, c.last_version, c.first_position,
                            c.last_position, c.transaction_id
                     FROM commands c WHERE c.idempotency_key = p_idempotency_key;
        IF FOUND THEN RETURN; END IF;
    END IF;

    SELECT e.version, e.hash, e.stream_type, e.transaction_id
      INTO v_head_version, v_head_hash, v_head_type, v_head_xid
      FROM events e WHERE e.stream_id = p_stream_id ORDER BY e.version DESC LIMIT 1;
    v_head_version := coalesce(v_head_version, 0);

    IF p_expected_version IS NOT NULL AND p_expected_version <> v_head_version THEN
        RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'SQ001',
            DETAIL = v_head_version::text;
    END IF;
    IF v_head_type IS NOT NULL AND v_head_type <> p_stream_type THEN
        RAISE EXCEPTION 'stream % is a %, not a %', p_stream_id, v_head_type,
            p_stream_type USING ERRCODE = 'SQ002';
    END IF;
    v_xid := pg_current_xact_id();
    -- A transaction that took its id before the stream's last writer committed would
    -- sort before that writer in the global order; refuse it so per-stream order and
    -- global order agree (the caller retries with a fresh transaction).
    IF v_head_xid IS NOT NULL AND v_head_xid > v_xid THEN
        RAISE EXCEPTION 'stream moved on in a newer transaction' USING ERRCODE = 'SQ001',
            DETAIL = v_head_version::text;
    END IF;

    v_prev := coalesce(v_head_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
    FOR i IN 1 .. v_count LOOP
        v_prevs := v_prevs || v_prev;
        v_prev := event_digest(v_prev, p_event_ids[i], p_stream_type, p_stream_id,
            v_head_version + i, p_event_types[i], p_schema_versions[i], p_data[i],
            p_occurred_at, v_now, p_actor, p_office, p_correlation_id, p_causation_id);
        v_hashes := v_hashes || v_prev;
    END LOOP;

    WITH inserted AS (
        INSERT INTO events (transaction_id, event_id, stream_type, stream_id, version,
            event_type, schema_version, data, occurred_at, recorded_at, actor, office,
            correlation_id, causation_id, trace_context, idempotency_key,
            previous_hash, hash)
        SELECT v_xid, u.event_id, p_stream_type, p_stream_id, v_head_version + u.n::int,
            u.event_type, u.schema_version, u.data, p_occurred_at, v_now, p_actor,
            p_office, p_correlation_id, p_causation_id, p_trace_context,
            p_idempotency_key, u.previous_hash, u.hash
        FROM unnest(p_event_ids, p_event_types, p_schema_versions, p_data, v_prevs,
                    v_hashes) WITH ORDINALITY
             AS u(event_id, event_type, schema_version, data, previous_hash, hash, n)
        ORDER BY u.n
        RETURNING position
    )
    SELECT min(position), max(position) INTO v_first_pos, v_last_pos FROM inserted;

    IF p_idempotency_key IS NOT NULL THEN
        INSERT INTO commands VALUES (p_idempotency_key, p_stream_id,
            v_head_version + 1, v_head_version + v_count, v_first_pos, v_last_pos,
            v_xid, v_now)
        ON CONFLICT (idempotency_key) DO NOTHING;
        IF NOT FOUND THEN
            -- The same command committed meanwhile in another session: undo ours.
            RAISE EXCEPTION 'duplicate command' USING ERRCODE = 'SQ003';
        END IF;
    END IF;

    RETURN QUERY SELECT false, v_head_version + 1, v_head_version + v_count,
        v_first_pos, v_last_pos, v_xid;
END $$;

-- Append-only for real: even a role that holds UPDATE or DELETE (an owner, a superuser)
-- is refused by these triggers; the service role is also never granted them.
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'SQ010';
END $$;


CREATE OR REPLACE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

CREATE OR REPLACE TRIGGER commands_append_only BEFORE UPDATE OR DELETE ON commands
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE OR REPLACE TRIGGER commands_no_truncate BEFORE TRUNCATE ON commands
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
