package com.example.platform.gateway.console;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.example.platform.gateway.console.InstanceMetrics.Breaker;
import com.example.platform.gateway.console.TopologyView.GatewayState;
import com.example.platform.gateway.console.TopologyView.ServiceView;
import com.example.platform.gateway.resilience.InstanceEjections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.stereotype.Component;

/**
 * Takes the live topology on demand, from what the platform already has: the registry's
 * instances (through the gateway's discovery client), each instance's health and meters
 * on its management port (read at most once per poll interval, {@link InstanceReadings}),
 * and the gateway's own ejections, route breakers and rate limiter meters.
 */
@Component
class LiveTopology {

	/** RateLimiterOutage's counter. */
	static final String RATE_LIMITER_ERRORS = "platform.gateway.rate.limiter.errors";

	private final ReactiveDiscoveryClient discovery;

	private final InstanceReadings readings;

	private final InstanceEjections ejections;

	private final ReactiveResilience4JCircuitBreakerFactory breakers;

	private final MeterRegistry meters;

	private final ConsoleProperties properties;

	private final Clock clock = Clock.systemUTC();

	LiveTopology(ReactiveDiscoveryClient discovery, InstanceReadings readings, InstanceEjections ejections,
			ReactiveResilience4JCircuitBreakerFactory breakers, MeterRegistry meters, ConsoleProperties properties) {
		this.discovery = discovery;
		this.readings = readings;
		this.ejections = ejections;
		this.breakers = breakers;
		this.meters = meters;
		this.properties = properties;
	}

	Mono<TopologyView> take() {
		return this.discovery.getServices()
			.sort()
			.concatMap((service) -> this.discovery.getInstances(service)
				.flatMap((instance) -> this.readings.probe(instance)
					.map((probe) -> InstanceView.of(instance, probe, this.ejections.ejectedUntil(instance))))
				.sort(Comparator.comparing(InstanceView::id))
				.collectList()
				.map((instances) -> new ServiceView(service, instances)))
			.collectList()
			.map((services) -> new TopologyView(this.properties.environment(), this.properties.launcher() != null,
					this.clock.instant(), gatewayState(), services));
	}

	private GatewayState gatewayState() {
		List<Breaker> routeBreakers = this.breakers.getCircuitBreakerRegistry()
			.getAllCircuitBreakers()
			.stream()
			.map((breaker) -> new Breaker(breaker.getName(), breaker.getState().name().toLowerCase()))
			.sorted(Comparator.comparing(Breaker::name))
			.toList();
		Map<String, Double> limiterErrors = new TreeMap<>();
		for (Counter counter : this.meters.find(RATE_LIMITER_ERRORS).counters()) {
			limiterErrors.merge(String.valueOf(counter.getId().getTag("limiter")), counter.count(), Double::sum);
		}
		return new GatewayState(routeBreakers, limiterErrors);
	}

	/**
	 * An instance by the id the console shows.
	 * @param id e.g. {@code user-service:8081}
	 * @return the instance; empty when the registry has none such
	 */
	Mono<ServiceInstance> instance(String id) {
		return this.discovery.getServices()
			.flatMap(this.discovery::getInstances)
			.filter((instance) -> InstanceView.idOf(instance).equals(id))
			.next();
	}

}
