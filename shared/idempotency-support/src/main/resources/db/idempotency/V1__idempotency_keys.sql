-- Applied by idempotency-support into each service's database, with its own history table
-- (idempotency_schema_history) so it never collides with the service's own migrations.

-- One row per key a caller used on one endpoint. The row is inserted before the request
-- runs (the primary key makes one instance win a race) and holds the response once the
-- request completed, for replay until expires_at.
create table idempotency_keys (
    caller                 text        not null,
    method                 text        not null,
    path                   text        not null,
    idempotency_key        text        not null,
    -- SHA-256 of the request body: the same key with another body is refused.
    request_hash           bytea       not null,
    -- Which attempt holds the key; a request only completes or releases its own attempt,
    -- never one that took the key over after it timed out.
    attempt                uuid        not null,
    status                 text        not null check (status in ('IN_PROGRESS', 'COMPLETED')),
    locked_at              timestamptz not null,
    expires_at             timestamptz not null,
    response_status        integer,
    response_content_type  text,
    response_location      text,
    response_body          bytea,
    primary key (caller, method, path, idempotency_key)
);

-- Lets the housekeeping delete expired keys without a scan.
create index idempotency_keys_expires_at_idx on idempotency_keys (expires_at);
