package com.example.platform.gateway.resilience;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.stereotype.Component;

/**
 * Instances that refused a connection, left out of load balancing for a while. Discovery
 * alone drops a killed instance only after its lease expires and every cache refreshes
 * (about 15 s); refused connections show the gateway at once that it is gone.
 */
@Component
public class InstanceEjections {

	private static final Logger logger = LoggerFactory.getLogger(InstanceEjections.class);

	private final Map<String, Instant> ejectedUntil = new ConcurrentHashMap<>();

	private final InstanceEjectionProperties properties;

	private final Clock clock;

	InstanceEjections(InstanceEjectionProperties properties) {
		this.properties = properties;
		this.clock = Clock.systemUTC();
	}

	void eject(ServiceInstance instance) {
		Instant until = this.clock.instant().plus(this.properties.duration());
		if (this.ejectedUntil.put(key(instance), until) == null) {
			logger.warn("{} at {} refused a connection: not chosen until {}", instance.getServiceId(), key(instance),
					until);
		}
	}

	boolean isEjected(ServiceInstance instance) {
		Instant until = this.ejectedUntil.get(key(instance));
		if (until == null) {
			return false;
		}
		if (this.clock.instant().isBefore(until)) {
			return true;
		}
		this.ejectedUntil.remove(key(instance), until);
		return false;
	}

	/**
	 * Until when an instance is left out, for the administrator console.
	 * @param instance an instance discovery knows
	 * @return the end of its ejection; empty when it is not ejected
	 */
	public Optional<Instant> ejectedUntil(ServiceInstance instance) {
		return isEjected(instance) ? Optional.ofNullable(this.ejectedUntil.get(key(instance))) : Optional.empty();
	}

	/**
	 * The instances still worth trying; all of them when every one is ejected, so a
	 * service whose instances all failed once is tried again rather than reported gone.
	 * @param instances the instances discovery knows
	 * @return those not ejected
	 */
	List<ServiceInstance> available(List<ServiceInstance> instances) {
		List<ServiceInstance> available = instances.stream().filter((instance) -> !isEjected(instance)).toList();
		return available.isEmpty() ? instances : available;
	}

	private static String key(ServiceInstance instance) {
		return instance.getHost() + ":" + instance.getPort();
	}

}
