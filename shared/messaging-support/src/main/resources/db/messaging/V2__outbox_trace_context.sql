-- The trace context (W3C traceparent and tracestate) of the transaction that appended the
-- event: the relay publishes on another thread, later, and restores it so the consumer's
-- span joins the trace of the request that caused the event. Null when nothing was traced.
alter table messaging_outbox
    add column traceparent text,
    add column tracestate  text;
