-- One name for the order stats feature (package orderstats, OrderStatsService): the table of each order as
-- last seen in order-events, which V2 created as user_orders, is order_stats.
alter table user_orders rename to order_stats;
alter index user_orders_pkey rename to order_stats_pkey;
alter index user_orders_user_id_idx rename to order_stats_user_id_idx;
