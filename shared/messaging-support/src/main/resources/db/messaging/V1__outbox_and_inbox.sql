-- Applied by messaging-support into each service's database, with its own history table
-- (messaging_schema_history) so it never collides with the service's own migrations.

-- Events written in the same transaction as the change they describe, waiting for the
-- relay. The id orders them: an aggregate's later event is inserted after its earlier one
-- committed, because both changes lock the aggregate's row.
create table messaging_outbox (
    id            bigserial   primary key,
    event_id      uuid        not null unique,
    topic         text        not null,
    message_key   text        not null,
    event_type    text        not null,
    envelope      text        not null,
    created_at    timestamptz not null default clock_timestamp(),
    published_at  timestamptz
);

-- The relay and the backlog metric only ever look at unpublished rows, oldest first.
create index messaging_outbox_unpublished_idx on messaging_outbox (id) where published_at is null;

-- Lets the housekeeping delete published rows past their retention without a scan.
create index messaging_outbox_published_at_idx on messaging_outbox (published_at) where published_at is not null;

-- Ids of events a consumer applied, recorded in the same transaction as the effect, so a
-- redelivered event changes nothing.
create table messaging_inbox (
    event_id      uuid        primary key,
    topic         text        not null,
    event_type    text        not null,
    processed_at  timestamptz not null default clock_timestamp()
);

create index messaging_inbox_processed_at_idx on messaging_inbox (processed_at);
