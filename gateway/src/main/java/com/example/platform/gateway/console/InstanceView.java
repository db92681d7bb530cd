package com.example.platform.gateway.console;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.example.platform.gateway.console.PrometheusText.Sample;

import org.springframework.cloud.client.ServiceInstance;

/**
 * One registered instance as the console shows it.
 *
 * @param id its registry id, e.g. {@code user-service:8081}: what the fault drills name
 * @param address its traffic address
 * @param health what its actuator health says ({@code UP}, {@code DOWN}, ...), or
 * {@code UNREACHABLE} when it did not answer in time
 * @param ejectedUntil until when the gateway leaves it out of load balancing after it
 * refused a connection; {@code null} when it is not ejected
 * @param metrics what its meters say; {@code null} when they could not be read
 * @param problem why health or meters could not be read; {@code null} when they were
 */
record InstanceView(String id, String address, String health, Instant ejectedUntil, InstanceMetrics metrics,
		String problem) {

	static final String UNREACHABLE = "UNREACHABLE";

	/**
	 * @param instance as discovery lists it
	 * @param probe what its management port answered
	 * @param ejectedUntil the gateway's ejection of it, if any
	 * @return the view
	 */
	static InstanceView of(ServiceInstance instance, Probe probe, Optional<Instant> ejectedUntil) {
		return new InstanceView(idOf(instance), instance.getHost() + ":" + instance.getPort(), probe.health(),
				ejectedUntil.orElse(null), probe.samples().map(InstanceMetrics::of).orElse(null),
				probe.problem().orElse(null));
	}

	/**
	 * The id the console names an instance by: the registry's instance id, else service,
	 * host and port.
	 * @param instance the instance
	 * @return its id
	 */
	static String idOf(ServiceInstance instance) {
		String id = instance.getInstanceId();
		return (id != null && !id.isBlank()) ? id
				: instance.getServiceId() + ":" + instance.getHost() + ":" + instance.getPort();
	}

	/**
	 * What one instance's management port answered.
	 *
	 * @param health its health status, or {@link #UNREACHABLE}
	 * @param samples its meters, when they could be read
	 * @param problem why something could not be read
	 */
	record Probe(String health, Optional<List<Sample>> samples, Optional<String> problem) {

	}

}
