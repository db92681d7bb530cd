package com.example.platform.gateway.inspector;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * Adds what only the gateway knows about a request to its answer: the route that matched
 * ({@code X-Gateway-Route}), how many times it was retried ({@code X-Gateway-Retries})
 * and its trace id ({@code X-Trace-Id}, with {@code X-Trace-Url} when a trace UI is
 * configured and the trace was sampled, so it will be there). Runs first, once per
 * request, so answers the gateway gives itself (429, 503 of an open breaker) carry them
 * too; the attempts are counted by {@link AttemptCounter} rather than read from the Retry
 * filter's iteration, which is only updated after an attempt's answer has been judged.
 */
class DiagnosticHeadersFilter implements GlobalFilter, Ordered {

	static final String ROUTE = "X-Gateway-Route";

	static final String RETRIES = "X-Gateway-Retries";

	static final String TRACE_ID = "X-Trace-Id";

	static final String TRACE_URL = "X-Trace-Url";

	private static final String ATTEMPTS = DiagnosticHeadersFilter.class.getName() + ".attempts";

	private final String traceUrl;

	DiagnosticHeadersFilter(DiagnosticHeadersProperties properties) {
		this.traceUrl = properties.traceUrl();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		AtomicInteger attempts = new AtomicInteger();
		exchange.getAttributes().put(ATTEMPTS, attempts);
		exchange.getResponse().beforeCommit(() -> {
			write(exchange, attempts.get());
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	private void write(ServerWebExchange exchange, int attempts) {
		HttpHeaders headers = exchange.getResponse().getHeaders();
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route != null) {
			headers.set(ROUTE, route.getId());
		}
		headers.set(RETRIES, Integer.toString(Math.max(0, attempts - 1)));
		TraceContext trace = traceOf(exchange);
		if (trace != null) {
			headers.set(TRACE_ID, trace.traceId());
			if (!this.traceUrl.isEmpty() && Boolean.TRUE.equals(trace.sampled())) {
				headers.set(TRACE_URL, this.traceUrl.replace("{traceId}", trace.traceId()));
			}
		}
	}

	// The server observation of the request (WebFlux keeps it in an exchange attribute)
	// holds the span the tracing handler opened for it.
	private static TraceContext traceOf(ServerWebExchange exchange) {
		ServerRequestObservationContext observation = ServerRequestObservationContext
			.findCurrent(exchange.getAttributes())
			.orElse(null);
		if (observation == null) {
			return null;
		}
		TracingContext tracing = observation.get(TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		return (span != null) ? span.context() : null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * Counts a request's attempts: it runs after the load balancer has chosen an
	 * instance, which the Retry filter runs again for each retry.
	 */
	static class AttemptCounter implements GlobalFilter, Ordered {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
			if (exchange.getAttribute(ATTEMPTS) instanceof AtomicInteger attempts) {
				attempts.incrementAndGet();
			}
			return chain.filter(exchange);
		}

		@Override
		public int getOrder() {
			return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 2;
		}

	}

}
