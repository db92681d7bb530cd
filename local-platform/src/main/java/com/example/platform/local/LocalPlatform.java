package com.example.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.example.platform.infra.DatabaseAccess;
import com.example.platform.infra.EmbeddedInfrastructure;
import com.example.platform.infra.InfrastructureSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform on one machine without Docker: real PostgreSQL, Kafka and Redis in
 * this JVM, and discovery, gateway and every service instance as JVMs of their own.
 * {@link #close()} stops the applications before the servers they depend on.
 */
public final class LocalPlatform implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);

	private static final Duration GRACE = Duration.ofSeconds(20);

	private static final Duration POLL = Duration.ofMillis(250);

	private final PlatformSettings settings;

	private final EmbeddedInfrastructure infrastructure;

	private final List<ApplicationProcess> edge = new ArrayList<>();

	private final Map<String, ServiceInstance> services = new java.util.LinkedHashMap<>();

	private final Map<String, DatabaseAccess> databases = new HashMap<>();

	private final Map<String, Integer> nextIndex = new HashMap<>();

	private String eurekaUrl;

	private Path logs;

	private ApplicationProcess discovery;

	private LocalPlatform(PlatformSettings settings, EmbeddedInfrastructure infrastructure) {
		this.settings = settings;
		this.infrastructure = infrastructure;
	}

	/**
	 * Starts everything and waits until each service instance answers through the
	 * gateway.
	 * @param settings the layout
	 * @return the running platform
	 */
	public static LocalPlatform start(PlatformSettings settings) {
		Instant started = Instant.now();
		Path logs = prepare(settings);
		EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure
			.start(new InfrastructureSettings(settings.workDirectory().resolve("data"), true, settings.postgresPort(),
					settings.kafkaPort(), settings.redisPort(), settings.postgresReplicaPort()));
		LocalPlatform platform = new LocalPlatform(settings, infrastructure);
		try {
			platform.launch(logs);
			log.info("Platform up in {} s", Duration.between(started, Instant.now()).toSeconds());
			return platform;
		}
		catch (RuntimeException ex) {
			platform.close();
			throw ex;
		}
	}

	/**
	 * The gateway's public address.
	 * @return the URI, without trailing slash
	 */
	public URI gatewayUri() {
		return URI.create("http://localhost:" + this.settings.gatewayPort());
	}

	/**
	 * The Eureka dashboard.
	 * @return the URI
	 */
	public URI discoveryUri() {
		return URI.create("http://localhost:" + this.settings.discoveryPort());
	}

	/**
	 * The instances of one service, as named in their {@code X-Served-By} header.
	 * @param service {@code user-service} or {@code order-service}
	 * @return the instance names
	 */
	public synchronized Set<String> instancesOf(String service) {
		Set<String> names = new HashSet<>();
		for (ServiceInstance instance : this.services.values()) {
			if (instance.service().equals(service) && instance.process().isAlive()) {
				names.add(instance.servedBy());
			}
		}
		return names;
	}

	/**
	 * The names of every service instance, e.g. {@code user-service-1}, running or not.
	 * @return the instance names in start order
	 */
	public synchronized List<String> instanceNames() {
		return List.copyOf(this.services.keySet());
	}

	/**
	 * How an instance names itself in {@code X-Served-By}.
	 * @param instance an instance name, e.g. {@code user-service-1}
	 * @return e.g. {@code user-service:8081}
	 */
	public synchronized String servedByOf(String instance) {
		return instance(instance).servedBy();
	}

	/**
	 * The port an instance listens on.
	 * @param instance an instance name
	 * @return its port
	 */
	public synchronized int portOf(String instance) {
		return instance(instance).port();
	}

	/**
	 * Kills an instance with SIGKILL, as a crash would: it neither deregisters nor
	 * drains.
	 * @param instance an instance name
	 */
	public void kill(String instance) {
		instance(instance).process().kill();
	}

	/**
	 * Stops an instance with SIGTERM and waits for its graceful shutdown.
	 * @param instance an instance name
	 */
	public void stop(String instance) {
		instance(instance).process().stop(GRACE);
	}

	/**
	 * Starts a stopped or killed instance again and waits until it is healthy.
	 * @param instance an instance name
	 */
	public void start(String instance) {
		ApplicationProcess process = instance(instance).process();
		process.start();
		await(instance + " to be healthy (log: " + process.log() + ")", process::isHealthy);
	}

	/**
	 * Whether an instance answers its health check with UP.
	 * @param instance an instance name
	 * @return {@code true} when healthy
	 */
	public boolean isHealthy(String instance) {
		ApplicationProcess process = instance(instance).process();
		return process.isAlive() && process.isHealthy();
	}

	/**
	 * Starts one more instance of a service on a free port and waits until it is healthy
	 * (not until it is routable: that is for the caller to observe).
	 * @param service {@code user-service} or {@code order-service}
	 * @return the new instance's name
	 */
	public String addInstance(String service) {
		String name = launchInstance(service, com.example.platform.infra.FreePorts.next());
		ApplicationProcess process = instance(name).process();
		await(name + " to be healthy (log: " + process.log() + ")", process::isHealthy);
		return name;
	}

	private synchronized ServiceInstance instance(String name) {
		ServiceInstance instance = this.services.get(name);
		if (instance == null) {
			throw new IllegalArgumentException("No instance '" + name + "'; known: " + this.services.keySet());
		}
		return instance;
	}

	/**
	 * The embedded servers, for tests that need to reach them directly.
	 * @return the infrastructure
	 */
	public EmbeddedInfrastructure infrastructure() {
		return this.infrastructure;
	}

	/**
	 * Where each instance writes its output.
	 * @return the log directory
	 */
	public Path logDirectory() {
		return this.settings.workDirectory().resolve("logs");
	}

	String describe() {
		StringBuilder text = new StringBuilder();
		text.append("%nPlatform is up. Ctrl-C stops everything.%n%n".formatted());
		text.append("  %-28s %s%n".formatted("Gateway (public API)", gatewayUri()));
		text.append("  %-28s %s%n".formatted("Gateway actuator",
				"http://localhost:" + this.settings.gatewayManagementPort() + "/actuator/health"));
		text.append("  %-28s %s%n".formatted("Eureka dashboard", discoveryUri()));
		for (Map.Entry<String, ServiceInstance> instance : this.services.entrySet()) {
			text.append("  %-28s %s%n".formatted(instance.getKey(), "http://localhost:" + instance.getValue().port()));
		}
		text.append("  %-28s localhost:%d (databases user_service, order_service)%n".formatted("PostgreSQL",
				this.infrastructure.postgres().port()));
		text.append("  %-28s localhost:%d (streaming replica of it)%n".formatted("PostgreSQL replica",
				this.infrastructure.postgres().replica().port()));
		text.append("  %-28s %s%n".formatted("Kafka", this.infrastructure.kafka().bootstrapServers()));
		text.append("  %-28s localhost:%d%n".formatted("Redis", this.infrastructure.redis().port()));
		text.append("  %-28s %s%n".formatted("Logs", logDirectory()));
		return text.toString();
	}

	private static Path prepare(PlatformSettings settings) {
		try {
			if (settings.clean()) {
				deleteTree(settings.workDirectory());
			}
			Path logs = settings.workDirectory().resolve("logs");
			Files.createDirectories(logs);
			return logs;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare " + settings.workDirectory(), ex);
		}
	}

	private void launch(Path logs) {
		this.logs = logs;
		String eurekaUrl = discoveryUri() + "/eureka/";
		this.eurekaUrl = eurekaUrl;
		this.discovery = ApplicationProcess.launch("discovery", this.settings.jarOf("discovery"),
				this.settings.jvmOptions(), Map.of("SERVER_PORT", String.valueOf(this.settings.discoveryPort())),
				URI.create(discoveryUri() + "/actuator/health"), logs);
		await("discovery to be healthy", this.discovery::isHealthy);
		for (String service : List.of("user-service", "order-service")) {
			this.databases.put(service,
					this.infrastructure.postgres().createDatabase(service.replace('-', '_'), newPassword()));
			for (int port : portsOf(service)) {
				launchInstance(service, port);
			}
		}
		this.edge.add(ApplicationProcess.launch("gateway", this.settings.jarOf("gateway"), this.settings.jvmOptions(),
				Map.of("SERVER_PORT", String.valueOf(this.settings.gatewayPort()), "MANAGEMENT_SERVER_PORT",
						String.valueOf(this.settings.gatewayManagementPort()), "EUREKA_URL", eurekaUrl),
				URI.create("http://localhost:" + this.settings.gatewayManagementPort() + "/actuator/health"), logs));
		for (ApplicationProcess process : all()) {
			await(process.name() + " to be healthy (log: " + process.log() + ")", process::isHealthy);
		}
		awaitRoutable("user-service", "/api/users?page=0&size=1");
		awaitRoutable("order-service", "/api/orders?page=0&size=1");
	}

	private synchronized String launchInstance(String service, int port) {
		DatabaseAccess access = this.databases.get(service);
		Map<String, String> environment = new HashMap<>();
		environment.put("SERVER_PORT", String.valueOf(port));
		environment.put("EUREKA_URL", this.eurekaUrl);
		environment.put("SPRING_DATASOURCE_URL", access.jdbcUrl());
		environment.put("SPRING_DATASOURCE_USERNAME", access.username());
		environment.put("SPRING_DATASOURCE_PASSWORD", access.password());
		// Read-only transactions go to the streaming replica (datasource-routing).
		environment.put("PLATFORM_DATASOURCE_REPLICAS", String.join(",", access.replicaJdbcUrls()));
		environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", this.infrastructure.kafka().bootstrapServers());
		environment.put("SPRING_DATA_REDIS_HOST", this.infrastructure.redis().host());
		environment.put("SPRING_DATA_REDIS_PORT", String.valueOf(this.infrastructure.redis().port()));
		String name = service + "-" + this.nextIndex.merge(service, 1, Integer::sum);
		ApplicationProcess process = ApplicationProcess.launch(name, this.settings.jarOf(service),
				this.settings.jvmOptions(), environment, URI.create("http://localhost:" + port + "/actuator/health"),
				this.logs);
		this.services.put(name, new ServiceInstance(service, port, process));
		return name;
	}

	/**
	 * Healthy is not enough: the gateway only routes to an instance once discovery and
	 * the gateway's load-balancer cache know it. Waits until every instance has answered
	 * a request through the gateway.
	 */
	private void awaitRoutable(String service, String path) {
		Set<String> expected = instancesOf(service);
		Set<String> seen = new HashSet<>();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUri() + path))
			.timeout(Duration.ofSeconds(5))
			.build();
		await("every " + service + " instance to be routable through the gateway", () -> {
			try {
				HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					response.headers().firstValue("X-Served-By").ifPresent(seen::add);
				}
			}
			catch (IOException ex) {
				// Not routable yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
			return seen.containsAll(expected);
		});
	}

	private void await(String what, BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(this.settings.startupTimeout());
		log.info("Waiting for {}", what);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException(
						"Timed out after " + this.settings.startupTimeout().toSeconds() + " s waiting for " + what);
			}
			try {
				Thread.sleep(POLL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + what, ex);
			}
		}
	}

	private List<Integer> portsOf(String service) {
		boolean users = "user-service".equals(service);
		int first = users ? this.settings.userServicePort() : this.settings.orderServicePort();
		int count = users ? this.settings.userServiceInstances() : this.settings.orderServiceInstances();
		List<Integer> ports = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ports.add(first + i);
		}
		return ports;
	}

	private synchronized List<ApplicationProcess> all() {
		List<ApplicationProcess> all = new ArrayList<>(
				this.services.values().stream().map(ServiceInstance::process).toList());
		all.addAll(this.edge);
		return all;
	}

	/**
	 * Stops the gateway first (no new traffic), then the services, then discovery, then
	 * Redis, Kafka and PostgreSQL.
	 */
	@Override
	public synchronized void close() {
		stopAll(this.edge);
		stopAll(new ArrayList<>(this.services.values().stream().map(ServiceInstance::process).toList()));
		this.services.clear();
		if (this.discovery != null) {
			this.discovery.stop(GRACE);
		}
		this.infrastructure.close();
		log.info("Platform stopped");
	}

	private static void stopAll(List<ApplicationProcess> processes) {
		List<Thread> stopping = new ArrayList<>();
		for (ApplicationProcess process : processes) {
			stopping.add(Thread.ofVirtual().start(() -> process.stop(GRACE)));
		}
		for (Thread thread : stopping) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		processes.clear();
	}

	private static String newPassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (var paths = Files.walk(root)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private record ServiceInstance(String service, int port, ApplicationProcess process) {

		String servedBy() {
			return this.service + ":" + this.port;
		}

	}

}
