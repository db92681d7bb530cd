-- Money spent on placed, not cancelled orders: a projection of order-events like order_count.
alter table users add column total_spent numeric(14, 2) not null default 0 check (total_spent >= 0);

-- Each order as last seen in order-events, with its aggregateVersion: an event older than
-- the row changes nothing, and a user's figures change by the difference between the
-- order's old and new state, so duplicates and reordering cannot skew them.
create table user_orders (
    order_id uuid           primary key,
    user_id  uuid           not null,
    status   text           not null check (status in ('PLACED', 'CANCELLED')),
    -- Unknown when the cancellation arrives before the placement.
    total    numeric(12, 2),
    version  bigint         not null
);

create index user_orders_user_id_idx on user_orders (user_id);

-- Applied event ids now live in messaging-support's messaging_inbox.
drop table processed_events;
