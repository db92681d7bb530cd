-- total_spent was numeric(14, 2): about a hundred orders at order-service's maximum total
-- (numeric(12, 2) each) overflowed it, the OrderPlaced event failed on every attempt and
-- went to the dead-letter topic, and the user's figures stayed wrong. With 38 digits it
-- would take some 10^26 orders at the maximum to overflow, which order_count (bigint)
-- cannot even count: a valid event always applies.
alter table users alter column total_spent type numeric(38, 2);
