-- The event store of one service, created in the connection's current schema.
-- Safe to run twice: every statement is idempotent (see _migrate.py for locking).
-- Appends are one INSERT statement (_sql.py, issued by _store.py); there is no stored
-- procedure, because plpgsql cost three times a plain insert (bench (a)).

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
    -- json, not jsonb: the text is kept verbatim, so the hash chain covers the exact
    -- bytes stored (see _chain.py).
    data            json        NOT NULL,
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
