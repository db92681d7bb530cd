-- The headers a service's API promises on an answer besides Content-Type and Location
-- (platform.idempotency.replayed-headers), one "name: value" per line, so a replay carries
-- them too: a replayed order placement lacked order-service's X-User-Check.
alter table idempotency_keys add column response_headers text;
