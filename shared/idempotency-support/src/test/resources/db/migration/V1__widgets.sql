-- The test application's own table, migrated by the application's Flyway before the
-- idempotency migrations (as in a service).
create table widgets (
    id    uuid primary key,
    name  text not null
);

create index widgets_name_idx on widgets (name);
