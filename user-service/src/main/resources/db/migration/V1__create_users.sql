create table users (
    id          uuid primary key,
    email       varchar(254) not null,
    name        varchar(100) not null,
    version     bigint not null,
    created_at  timestamptz not null,
    -- A projection of order-events maintained by the ordercount feature, not edited by users.
    order_count bigint not null default 0 check (order_count >= 0)
);

-- Emails are unique regardless of case; the application pre-checks, this index settles races.
create unique index users_email_lower_key on users (lower(email));

-- Backs the stable page order of GET /api/users.
create index users_created_at_id_idx on users (created_at, id);

-- Ids of order events already applied, so a redelivered event is not counted twice.
create table processed_events (
    event_id     uuid primary key,
    processed_at timestamptz not null
);
