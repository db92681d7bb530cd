package com.example.platform.local;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.example.platform.tls.PlatformCertificates.Leaf;

import static com.example.platform.local.Dependency.DATABASE;
import static com.example.platform.local.Dependency.DISCOVERY;
import static com.example.platform.local.Dependency.DRILLS;
import static com.example.platform.local.Dependency.IDEMPOTENCY;
import static com.example.platform.local.Dependency.KAFKA;
import static com.example.platform.local.Dependency.KEY_SET;
import static com.example.platform.local.Dependency.REDIS;
import static com.example.platform.local.Dependency.REGISTRY;
import static com.example.platform.local.Dependency.TOKEN_CLIENT;
import static com.example.platform.local.Dependency.TOKEN_ISSUER;
import static com.example.platform.local.Dependency.TRACES;

/**
 * The applications of a local run, in start order: the registry first, healthy before
 * anything else starts, as everything registers with it; then the services' instances;
 * then the gateway, which routes to them.
 *
 * @param registry the Eureka server
 * @param services the services, each with one or more instances
 * @param edge the gateway
 */
record Topology(Application registry, List<Application> services, Application edge) {

	/**
	 * The certificate of whoever calls an instance directly: the launcher, tests, people.
	 */
	static final String OPERATOR = "operator";

	/** The certificate Prometheus scrapes the management ports with. */
	static final String PROMETHEUS = "prometheus";

	Topology {
		services = List.copyOf(services);
	}

	/**
	 * The platform's applications on the ports of the settings.
	 * @param settings the layout
	 * @return the topology
	 */
	static Topology of(PlatformSettings settings) {
		Application discovery = new Application("discovery", settings.discoveryPort(), settings.discoveryPort(), 1,
				EnumSet.of(REGISTRY), Map.of(), Optional.empty(), false);
		// Every client of a local run is 127.0.0.1, so one address registers all the
		// users
		// the system tests and the benchmark create; the token endpoint keeps its
		// per-address limit.
		Application users = new Application("user-service", settings.userServicePort(),
				settings.userServiceManagementPort(), settings.userServiceInstances(),
				EnumSet.of(TRACES, DISCOVERY, KEY_SET, DATABASE, KAFKA, REDIS, IDEMPOTENCY, TOKEN_ISSUER),
				Map.of("PLATFORM_RATE_LIMIT_REGISTRATION_REQUESTS", "100000"), Optional.of("/api/users?page=0&size=1"),
				false);
		Application orders = new Application("order-service", settings.orderServicePort(),
				settings.orderServiceManagementPort(), settings.orderServiceInstances(),
				EnumSet.of(TRACES, DISCOVERY, KEY_SET, DATABASE, KAFKA, REDIS, IDEMPOTENCY, TOKEN_CLIENT), Map.of(),
				Optional.of("/api/orders?page=0&size=1"), false);
		// The gateway rate-limits in Redis.
		Application gateway = new Application("gateway", settings.gatewayPort(), settings.gatewayManagementPort(), 1,
				EnumSet.of(TRACES, DISCOVERY, KEY_SET, REDIS, DRILLS), Map.of(), Optional.empty(), true);
		return new Topology(discovery, List.of(users, orders), gateway);
	}

	/**
	 * Every application in start order.
	 * @return the registry, the services, the gateway
	 */
	List<Application> all() {
		List<Application> all = new ArrayList<>();
		all.add(this.registry);
		all.addAll(this.services);
		all.add(this.edge);
		return all;
	}

	/**
	 * Where validators fetch the signing keys: each instance of the token issuer at its
	 * own port, pinned at start (never looked up in the registry, which anyone with its
	 * credentials could add an instance to).
	 * @param scheme {@code https} with mutual TLS, else {@code http}
	 * @return the key set URLs
	 */
	List<String> keySetUris(String scheme) {
		return this.services.stream()
			.filter((service) -> service.needs(Dependency.TOKEN_ISSUER))
			.flatMap((service) -> service.ports().stream())
			.map((port) -> scheme + "://localhost:" + port + "/.well-known/jwks.json")
			.toList();
	}

	/**
	 * The certificates of a local run: one per application, naming it and
	 * {@code localhost} (every instance registers as localhost), one Prometheus scrapes
	 * with, and the {@value #OPERATOR}'s, which the launcher, the tests, the benchmark
	 * and a person with curl call instances directly with.
	 * @return the leaves
	 */
	List<Leaf> certificates() {
		List<Leaf> leaves = new ArrayList<>();
		all().forEach((application) -> leaves.add(Leaf.local(application.name())));
		leaves.add(Leaf.local(PROMETHEUS));
		leaves.add(Leaf.local(OPERATOR));
		return leaves;
	}

	/**
	 * A service by name.
	 * @param name e.g. {@code order-service}
	 * @return the service
	 * @throws IllegalArgumentException if the topology has no such service
	 */
	Application service(String name) {
		return this.services.stream()
			.filter((service) -> service.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"No service '" + name + "'; known: " + this.services.stream().map(Application::name).toList()));
	}

}
