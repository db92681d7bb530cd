package com.example.platform.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One application of the {@link Topology}: everything the launcher needs to know about
 * it, so that nothing in the launcher asks which application it is.
 *
 * @param name its module, and what its instances are named after ({@code user-service-1})
 * @param port the first instance's traffic port; further instances take the next ones
 * @param managementPort the first instance's actuator port, the next ones following; the
 * traffic port when the actuator shares it
 * @param instances how many instances start with the platform
 * @param dependencies what it is given the address or credentials of
 * @param environment settings of its own for the local run
 * @param probePath a path the gateway routes to it and the administrator may read, which
 * shows an instance routable; empty when the gateway routes nothing to it
 * @param publicPort whether its traffic port listens on every interface (the gateway's
 * public API); every other port listens on the run's bind address only
 */
record Application(String name, int port, int managementPort, int instances, Set<Dependency> dependencies,
		Map<String, String> environment, Optional<String> probePath, boolean publicPort) {

	Application {
		if (instances < 1) {
			throw new IllegalArgumentException(name + " needs at least one instance");
		}
		dependencies = Set.copyOf(dependencies);
		environment = Map.copyOf(environment);
	}

	boolean needs(Dependency dependency) {
		return this.dependencies.contains(dependency);
	}

	boolean sharesActuatorPort() {
		return this.port == this.managementPort;
	}

	/**
	 * Its database's name, e.g. {@code user_service}.
	 * @return the name
	 */
	String databaseName() {
		return this.name.replace('-', '_');
	}

	/**
	 * The traffic ports of the instances it starts with.
	 * @return one port per instance, in instance order
	 */
	List<Integer> ports() {
		return consecutive(this.port);
	}

	/**
	 * The actuator ports of the instances it starts with.
	 * @return one port per instance, in instance order
	 */
	List<Integer> managementPorts() {
		return consecutive(this.managementPort);
	}

	private List<Integer> consecutive(int first) {
		List<Integer> ports = new ArrayList<>();
		for (int i = 0; i < this.instances; i++) {
			ports.add(first + i);
		}
		return ports;
	}

}
