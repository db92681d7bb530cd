package com.example.platform.gateway.console;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.example.platform.gateway.console.InstanceView.Probe;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.stereotype.Component;

/**
 * Each instance's latest health and meters, read once per
 * {@code platform.gateway.console.readings-max-age} and shared by every console request
 * meanwhile: each open console page polls every 3 s, and an instance's
 * {@code /actuator/prometheus} page is large, so reading it per request would load the
 * instances in proportion to the number of open pages. A reading still under way is
 * shared too.
 */
@Component
class InstanceReadings {

	private final InstanceProbes probes;

	private final Duration maxAge;

	private final Clock clock;

	private final Map<URI, Reading> readings = new ConcurrentHashMap<>();

	@Autowired
	InstanceReadings(InstanceProbes probes, ConsoleProperties properties) {
		this(probes, properties.readingsMaxAge(), Clock.systemUTC());
	}

	InstanceReadings(InstanceProbes probes, Duration maxAge, Clock clock) {
		this.probes = probes;
		this.maxAge = maxAge;
		this.clock = clock;
	}

	Mono<Probe> probe(ServiceInstance instance) {
		Instant now = this.clock.instant();
		// Instances that left the registry are not read again: forget them.
		this.readings.values().removeIf((reading) -> !reading.isFreshAt(now));
		return this.readings.compute(this.probes.managementOf(instance),
				(management, reading) -> (reading != null && reading.isFreshAt(now)) ? reading
						: new Reading(now.plus(this.maxAge), this.probes.probe(instance).cache()))
			.probe();
	}

	private record Reading(Instant freshUntil, Mono<Probe> probe) {

		boolean isFreshAt(Instant now) {
			return now.isBefore(this.freshUntil);
		}

	}

}
