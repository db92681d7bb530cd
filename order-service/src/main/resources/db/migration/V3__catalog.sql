-- The catalog: the only source of prices. Orders name a SKU and a quantity; the price is
-- read from here when the order is placed and copied into order_items.unit_price, so a
-- later price change leaves placed orders as they were. No foreign key from order_items:
-- an order keeps its lines even if a product is withdrawn.
create table products (
    sku         varchar(64)    primary key check (sku ~ '^[A-Za-z0-9-]{1,64}$'),
    name        varchar(100)   not null,
    description varchar(500)   not null,
    price       numeric(10, 2) not null check (price > 0),
    updated_at  timestamptz    not null default now()
);

-- Demo products for the shop and the documentation's examples.
insert into products (sku, name, description, price) values
    ('BOOK-1',      'Distributed Systems Field Guide', 'Paperback, 320 pages: replication, consensus and failure, with exercises.', 19.99),
    ('BOOK-2',      'Patterns of Resilient Services',  'Paperback, 280 pages: timeouts, retries, circuit breakers and idempotency.', 24.50),
    ('PEN',         'Gel Pen',                          'Black ink, 0.5 mm, refillable.', 1.50),
    ('NOTEBOOK-A5', 'Dotted Notebook A5',               '160 numbered pages of 100 gsm paper, lies flat.', 6.90),
    ('MUG',         'Coffee Mug',                       'Stoneware, 350 ml, dishwasher safe, with the platform diagram.', 7.50),
    ('STICKERS',    'Sticker Pack',                     'Ten vinyl stickers: gateway, services, broker, cache and database.', 3.00),
    ('T-SHIRT-M',   'Platform T-Shirt (M)',             'Organic cotton, size M, "eventually consistent" on the back.', 18.00),
    ('HOODIE-L',    'Platform Hoodie (L)',              'Heavy cotton fleece, size L, with a zipped pocket.', 39.90);
