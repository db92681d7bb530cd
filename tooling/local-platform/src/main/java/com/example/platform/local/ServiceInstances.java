package com.example.platform.local;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The services' instances by name ({@code user-service-1}), in start order, with the
 * drills a test runs on them: kill, stop, start again.
 */
final class ServiceInstances {

	private final Map<String, ServiceInstance> instances = new LinkedHashMap<>();

	private final Map<String, Integer> nextIndex = new HashMap<>();

	private final Await await;

	ServiceInstances(Await await) {
		this.await = await;
	}

	/**
	 * The name the next instance of a service gets.
	 * @param service the service
	 * @return e.g. {@code user-service-3}
	 */
	synchronized String nextName(Application service) {
		return service.name() + "-" + this.nextIndex.merge(service.name(), 1, Integer::sum);
	}

	synchronized void add(String name, ServiceInstance instance) {
		this.instances.put(name, instance);
	}

	synchronized ServiceInstance get(String name) {
		ServiceInstance instance = this.instances.get(name);
		if (instance == null) {
			throw new IllegalArgumentException("No instance '" + name + "'; known: " + this.instances.keySet());
		}
		return instance;
	}

	/**
	 * Every instance, running or not.
	 * @return the instances by name, in start order
	 */
	synchronized Map<String, ServiceInstance> all() {
		return new LinkedHashMap<>(this.instances);
	}

	/**
	 * The instances of every service that needs a dependency, running or not.
	 * @param dependency e.g. {@link Dependency#TOKEN_ISSUER}
	 * @return their names, in start order
	 */
	synchronized List<String> needing(Dependency dependency) {
		return this.instances.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().application().needs(dependency))
			.map(Map.Entry::getKey)
			.toList();
	}

	/**
	 * How the running instances of a service name themselves in {@code X-Served-By}.
	 * @param service e.g. {@code user-service}
	 * @return e.g. {@code user-service:8081}
	 */
	synchronized Set<String> servedBy(String service) {
		return this.instances.values()
			.stream()
			.filter((instance) -> instance.service().equals(service) && instance.process().isAlive())
			.map(ServiceInstance::servedBy)
			.collect(Collectors.toSet());
	}

	synchronized void clear() {
		this.instances.clear();
	}

	/**
	 * Kills an instance with SIGKILL, as a crash would: it neither deregisters nor
	 * drains.
	 * @param name an instance name
	 */
	void kill(String name) {
		get(name).process().kill();
	}

	/**
	 * Stops an instance with SIGTERM and waits for its graceful shutdown.
	 * @param name an instance name
	 */
	void stop(String name) {
		get(name).process().stop(LocalPlatform.GRACE);
	}

	/**
	 * Stops several instances with SIGTERM at once and waits for each graceful shutdown:
	 * their deregistration delays and drains run side by side.
	 * @param names instance names
	 */
	void stop(Collection<String> names) {
		TopologyLauncher.stopAll(names.stream().map((name) -> get(name).process()).toList());
	}

	/**
	 * Starts a stopped or killed instance again and waits until it is healthy.
	 * @param name an instance name
	 */
	void start(String name) {
		start(List.of(name));
	}

	/**
	 * Starts several stopped or killed instances again, their JVMs side by side, and
	 * waits until each is healthy.
	 * @param names instance names
	 */
	void start(Collection<String> names) {
		names.forEach((name) -> get(name).process().start());
		names.forEach(this::awaitHealthy);
	}

	/**
	 * Waits until an instance answers its health check with UP.
	 * @param name an instance name
	 */
	void awaitHealthy(String name) {
		ApplicationProcess process = get(name).process();
		this.await.until(name + " to be healthy (log: " + process.log() + ")", process::isHealthy);
	}

	boolean isHealthy(String name) {
		ApplicationProcess process = get(name).process();
		return process.isAlive() && process.isHealthy();
	}

}
