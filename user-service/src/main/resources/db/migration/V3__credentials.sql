-- A bcrypt hash behind Spring Security's {id} prefix, so the algorithm can be upgraded
-- later. Users registered before passwords existed have none and cannot log in.
alter table users add column password_hash varchar(100);

alter table users add column role varchar(16) not null default 'USER' check (role in ('USER', 'ADMIN'));
