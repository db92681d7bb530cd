package com.example.platform.gateway.resilience;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Counts the retries {@code IdempotentRetry} made for each request once it is over:
 * {@code platform_gateway_retries_total{route, method, outcome}}, where outcome is the
 * final answer's status series ({@code 2xx} … {@code 5xx}), {@code error} when the last
 * attempt failed without an answer (refused, reset) or {@code cancelled} when the caller
 * or the route's time limit gave up first. A request answered at its first attempt is not
 * counted.
 */
@Component
class RetryMetrics {

	static final String METRIC = "platform.gateway.retries";

	private final MeterRegistry meters;

	RetryMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	void record(ServerWebExchange exchange, SignalType signal) {
		int retries = retries(exchange, signal);
		if (retries > 0) {
			Counter.builder(METRIC)
				.description("Retries the gateway made for requests, by route, method and how the request ended")
				.tag("route", routeId(exchange))
				.tag("method", exchange.getRequest().getMethod().name())
				.tag("outcome", outcome(exchange, signal))
				.register(this.meters)
				.increment(retries);
		}
	}

	// Retry sets the attribute when each attempt ends, answered or failed: 0 after the
	// first, n after the (n+1)th. It is absent while the first attempt runs. A
	// cancellation can only come while the filter still runs, that is after a retry was
	// decided: in its backoff or its attempt, not yet reflected in the attribute.
	private static int retries(ServerWebExchange exchange, SignalType signal) {
		Integer iteration = exchange.getAttribute(RetryGatewayFilterFactory.RETRY_ITERATION_KEY);
		if (iteration == null) {
			return 0;
		}
		return (signal == SignalType.CANCEL) ? iteration + 1 : iteration;
	}

	private static String outcome(ServerWebExchange exchange, SignalType signal) {
		if (signal == SignalType.CANCEL) {
			return "cancelled";
		}
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		if (signal == SignalType.ON_ERROR || status == null) {
			return "error";
		}
		return (status.value() / 100) + "xx";
	}

	private static String routeId(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return (route != null) ? route.getId() : "unknown";
	}

}
