package com.example.platform.messaging;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Carries a trace from an outbox append to the relay's send. The relay publishes later
 * and on its own thread, where the request's trace context is gone: the append stores the
 * context as W3C headers, and the relay sends inside a span continuing it, so the Kafka
 * producer and consumer spans join the trace of the request that caused the event.
 */
class OutboxTracing {

	static final String TRACEPARENT = "traceparent";

	static final String TRACESTATE = "tracestate";

	static final OutboxTracing NONE = new OutboxTracing(Tracer.NOOP, Propagator.NOOP);

	private final Tracer tracer;

	private final Propagator propagator;

	OutboxTracing(Tracer tracer, Propagator propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/**
	 * The current trace context as propagation headers.
	 * @return {@code traceparent} and {@code tracestate} where present; empty outside a
	 * trace
	 */
	Map<String, String> current() {
		TraceContext context = this.tracer.currentTraceContext().context();
		Map<String, String> headers = new HashMap<>();
		if (context != null) {
			this.propagator.inject(context, headers, Map::put);
		}
		return headers;
	}

	/**
	 * Runs a send in a span that continues the stored trace and starts when the event was
	 * appended, so the trace shows the time it waited in the outbox.
	 * @param traceparent the stored traceparent, or {@code null} to send untraced
	 * @param tracestate the stored tracestate, or {@code null}
	 * @param appendedAt when the event was appended
	 * @param topic the destination, for the span's tag
	 * @param send the send
	 * @param <T> its result
	 * @return the send's result
	 */
	<T> T continueTrace(String traceparent, String tracestate, Instant appendedAt, String topic, Supplier<T> send) {
		if (traceparent == null) {
			return send.get();
		}
		Map<String, String> headers = new HashMap<>();
		headers.put(TRACEPARENT, traceparent);
		if (tracestate != null) {
			headers.put(TRACESTATE, tracestate);
		}
		Span span = this.propagator.extract(headers, Map::get)
			.name("outbox relay")
			.tag("messaging.destination.name", topic)
			.startTimestamp(appendedAt.toEpochMilli(), TimeUnit.MILLISECONDS)
			.start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			return send.get();
		}
		finally {
			span.end();
		}
	}

}
