package com.example.platform.gateway.resilience;

import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Configures one Resilience4j breaker and time limiter per route from
 * {@link CircuitBreakerProperties}. Startup fails when a route's {@code CircuitBreaker}
 * filter has no explicit time limit: the adapter's default is 1 s, shorter than the HTTP
 * client's response timeout, and would turn any slow but healthy call into a 504.
 */
@Configuration(proxyBeanMethods = false)
class CircuitBreakerConfiguration {

	@Bean
	Customizer<ReactiveResilience4JCircuitBreakerFactory> perRouteCircuitBreakers(CircuitBreakerProperties properties,
			GatewayProperties gateway, MeterRegistry meters) {
		List<String> missing = gateway.getRoutes()
			.stream()
			.flatMap((route) -> route.getFilters()
				.stream()
				.filter(CircuitBreakerConfiguration::isCircuitBreaker)
				.map((filter) -> breakerName(filter, route.getId())))
			.filter((name) -> !properties.timeLimits().containsKey(name))
			.toList();
		if (!missing.isEmpty()) {
			throw new IllegalStateException(
					"platform.gateway.circuit-breaker.time-limits has no entry for circuit breaker(s) " + missing);
		}
		CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(properties.slidingWindowSize())
			.minimumNumberOfCalls(properties.minimumCalls())
			.failureRateThreshold(properties.failureRateThreshold())
			.waitDurationInOpenState(properties.waitInOpenState())
			.permittedNumberOfCallsInHalfOpenState(properties.callsInHalfOpenState())
			// Half-open without waiting for a call, so the state (and its metric)
			// recovers
			// even when clients have stopped calling.
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build();
		return (factory) -> {
			properties.timeLimits()
				.forEach(
						(name, limit) -> factory.configure(
								(builder) -> builder.circuitBreakerConfig(breaker)
									.timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(limit).build()),
								name));
			countTransitions(factory.getCircuitBreakerRegistry(), meters);
		};
	}

	// Resilience4j's meters give the current state only; a counter per transition keeps
	// a breaker that opened and closed between two scrapes visible.
	private static void countTransitions(CircuitBreakerRegistry registry, MeterRegistry meters) {
		registry.getAllCircuitBreakers().forEach((breaker) -> countTransitions(breaker, meters));
		registry.getEventPublisher().onEntryAdded((added) -> countTransitions(added.getAddedEntry(), meters));
	}

	private static void countTransitions(CircuitBreaker breaker, MeterRegistry meters) {
		breaker.getEventPublisher()
			.onStateTransition((event) -> Counter.builder("platform.gateway.circuit.breaker.transitions")
				.description("Circuit breaker state transitions per route")
				.tag("name", event.getCircuitBreakerName())
				.tag("from", event.getStateTransition().getFromState().name())
				.tag("to", event.getStateTransition().getToState().name())
				.register(meters)
				.increment());
	}

	private static boolean isCircuitBreaker(FilterDefinition filter) {
		return SpringCloudCircuitBreakerFilterFactory.NAME.equals(filter.getName());
	}

	// The filter's breaker is named by its "name" argument, else after the route.
	private static String breakerName(FilterDefinition filter, String routeId) {
		return filter.getArgs()
			.entrySet()
			.stream()
			.filter((arg) -> arg.getKey().equals("name") || arg.getKey().startsWith("_genkey_"))
			.map((arg) -> arg.getValue())
			.findFirst()
			.orElse(routeId);
	}

}
