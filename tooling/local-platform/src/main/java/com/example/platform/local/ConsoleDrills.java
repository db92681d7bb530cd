package com.example.platform.local;

import java.util.Map;

import com.example.platform.infra.EmbeddedInfrastructure;

/**
 * The drills the administrator console runs through the launcher's {@link ControlServer}:
 * stop or start an instance, pause or resume the replica's replay, stop or start Redis or
 * Kafka. Instances are named as the registry names them ({@code user-service:8081}) or as
 * the launcher does ({@code user-service-1}).
 */
final class ConsoleDrills {

	private final ServiceInstances instances;

	private final EmbeddedInfrastructure infrastructure;

	private ConsoleDrills(ServiceInstances instances, EmbeddedInfrastructure infrastructure) {
		this.instances = instances;
		this.infrastructure = infrastructure;
	}

	/**
	 * Opens the control endpoint for the platform's administrator.
	 * @param tokens who may call it
	 * @param instances the instances the drills stop and start
	 * @param infrastructure the servers the drills stop and start
	 * @return the running endpoint
	 */
	static ControlServer serve(AdminTokens tokens, ServiceInstances instances, EmbeddedInfrastructure infrastructure) {
		return ControlServer.start(tokens, new ConsoleDrills(instances, infrastructure).byName());
	}

	private Map<String, ControlServer.Drill> byName() {
		EmbeddedInfrastructure servers = this.infrastructure;
		return Map.of("stop-instance", this::stopInstance, "start-instance", this::startInstance, //
				"pause-replay",
				doing(() -> servers.postgres().replica().pauseReplay(), "The replica's replay is paused"),
				"resume-replay",
				doing(() -> servers.postgres().replica().resumeReplay(), "The replica's replay is resumed"),
				"stop-redis", doing(() -> servers.redis().stop(), "Redis stopped"), //
				"start-redis", doing(() -> servers.redis().start(), "Redis started"), //
				"stop-kafka", doing(() -> servers.kafka().stop(), "Kafka stopped"), //
				"start-kafka", doing(() -> servers.kafka().start(), "Kafka started"));
	}

	private String stopInstance(String target) {
		String instance = instanceFor(target);
		this.instances.stop(instance);
		return instance + " stopped";
	}

	private String startInstance(String target) {
		String instance = instanceFor(target);
		this.instances.start(instance);
		return instance + " started and healthy";
	}

	/** A drill without a target. */
	private static ControlServer.Drill doing(Runnable action, String done) {
		return (target) -> {
			action.run();
			return done;
		};
	}

	private String instanceFor(String target) {
		if (target == null || target.isBlank()) {
			throw new IllegalArgumentException("target= must name an instance, e.g. user-service:8081");
		}
		Map<String, ServiceInstance> all = this.instances.all();
		return all.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equals(target) || entry.getValue().servedBy().equals(target))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No instance '" + target + "'; known: " + all.keySet()));
	}

}
