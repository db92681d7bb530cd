-- order-service's own copy of what it needs to know about users, kept from user-events,
-- so it can still tell a known user when user-service is away. version is the user's
-- aggregateVersion: an event older than the row changes nothing.
create table user_projection (
    id         uuid        primary key,
    status     text        not null check (status in ('ACTIVE', 'DELETED')),
    name       varchar(100),
    version    bigint      not null,
    updated_at timestamptz not null
);
