create table orders (
    id         uuid           primary key,
    user_id    uuid           not null,
    status     text           not null check (status in ('PLACED', 'CANCELLED')),
    total      numeric(12, 2) not null,
    created_at timestamptz    not null,
    version    bigint         not null
);

-- Serves "orders of a user, newest first".
create index orders_user_id_created_at_idx on orders (user_id, created_at);

create table order_items (
    order_id   uuid           not null references orders (id) on delete cascade,
    line_no    integer        not null,
    sku        varchar(64)    not null,
    quantity   integer        not null check (quantity between 1 and 10000),
    unit_price numeric(10, 2) not null check (unit_price > 0),
    primary key (order_id, line_no)
);
