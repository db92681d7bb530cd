package com.example.platform.local;

import com.example.platform.infra.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.example.platform.infra.FreePorts;

/**
 * How the local platform is laid out. Every value has a default, and each can be set on
 * the command line as {@code --name=value}.
 *
 * @param repository the repository root, where each application's jar is built
 * @param workDirectory state and logs ({@code .platform/} by default, ignored by git)
 * @param clean wipe the state of earlier runs first
 * @param gatewayPort the gateway's public port
 * @param gatewayManagementPort the gateway's actuator port, never routed
 * @param discoveryPort the Eureka server's port
 * @param userServicePort the first user-service instance's port; the others follow
 * @param userServiceInstances how many user-service instances
 * @param orderServicePort the first order-service instance's port; the others follow
 * @param orderServiceInstances how many order-service instances
 * @param postgresPort the PostgreSQL primary's port
 * @param kafkaPort Kafka's port
 * @param redisPort Redis's port
 * @param jvmOptions options for each application JVM
 * @param startupTimeout how long to wait for everything to be healthy and routable
 * @param postgresReplicaPort the PostgreSQL streaming replica's port
 * @param prometheusPort the port of the Prometheus {@code ./run-local} starts when the
 * binary is installed
 * @param userServiceManagementPort the first user-service instance's actuator port; the
 * others follow
 * @param orderServiceManagementPort the first order-service instance's actuator port; the
 * others follow
 * @param aotCacheApplications the applications whose JVMs start with the JDK's AOT cache,
 * trained first when this build of the application has none yet: all of them with
 * {@code --aot-cache}, those named with {@code --aot-cache=user-service,order-service}
 * @param aotCacheDirectory where the AOT caches are kept, outside the work directory so
 * that {@code --clean} and isolated runs reuse the training
 * @param traces run a Zipkin server and have every application trace every request into
 * it; off, the applications sample as configured and export nothing, as the benchmark
 * measures them
 * @param zipkinPort the Zipkin server's port (its UI and API, 127.0.0.1 only)
 * @param bindAddress the address every port but the gateway's public one listens on:
 * loopback by default, so the registry, the service instances and every actuator are not
 * open to the network ({@code --bind-address=0.0.0.0} to change it)
 * @param mutualTls mutual TLS between the applications, with the platform CA's
 * certificates (the default); {@code --mutual-tls=false} runs every hop on plain HTTP and
 * is for measurement only (the benchmark compares the two), never for a platform anyone
 * else can reach
 */
public record PlatformSettings(Path repository, Path workDirectory, boolean clean, int gatewayPort,
		int gatewayManagementPort, int discoveryPort, int userServicePort, int userServiceInstances,
		int orderServicePort, int orderServiceInstances, int postgresPort, int kafkaPort, int redisPort,
		List<String> jvmOptions, Duration startupTimeout, int postgresReplicaPort, int prometheusPort,
		int userServiceManagementPort, int orderServiceManagementPort, Set<String> aotCacheApplications,
		Path aotCacheDirectory, boolean traces, int zipkinPort, String bindAddress, boolean mutualTls) {

	/** The applications' modules, each of which can start with an AOT cache. */
	static final List<String> APPLICATIONS = List.of("discovery", "user-service", "order-service", "gateway");

	/**
	 * A small heap on the serial collector, C1 only (starts sooner), and compact object
	 * headers (JDK 25, JEP 519: 8 bytes per object less; 7–18 MiB less per JVM measured
	 * under load, docs/performance.md).
	 */
	public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
			"-XX:+UseCompactObjectHeaders", "-XX:TieredStopAtLevel=1");

	public PlatformSettings {
		if (userServiceInstances < 1 || orderServiceInstances < 1) {
			throw new IllegalArgumentException("Each service needs at least one instance");
		}
		jvmOptions = List.copyOf(jvmOptions);
		aotCacheApplications = Set.copyOf(aotCacheApplications);
	}

	/**
	 * Whether any application starts with an AOT cache.
	 * @return whether {@code --aot-cache} named any
	 */
	public boolean aotCache() {
		return !this.aotCacheApplications.isEmpty();
	}

	/**
	 * Settings for a platform that shares the machine with others (tests, a running
	 * {@code ./run-local}): every port chosen free, state in its own directory and wiped
	 * first. Later {@code --name=value} overrides win.
	 * @param repository the repository root
	 * @param workDirectory state and logs
	 * @param overrides further options
	 * @return the settings
	 */
	public static PlatformSettings isolated(Path repository, Path workDirectory, String... overrides) {
		List<String> args = new ArrayList<>(List.of("--repository=" + repository.toAbsolutePath(),
				"--work-dir=" + workDirectory, "--clean", "--gateway-port=" + FreePorts.next(),
				"--gateway-management-port=" + FreePorts.next(), "--discovery-port=" + FreePorts.next(),
				"--user-service-port=" + FreePorts.consecutive(2), "--order-service-port=" + FreePorts.consecutive(2),
				"--user-service-management-port=" + FreePorts.consecutive(2),
				"--order-service-management-port=" + FreePorts.consecutive(2), "--postgres-port=0",
				"--postgres-replica-port=0", "--kafka-port=0", "--redis-port=0",
				"--prometheus-port=" + FreePorts.next(), "--zipkin-port=" + FreePorts.next(),
				"--startup-timeout-seconds=240"));
		args.addAll(List.of(overrides));
		return parse(args.toArray(String[]::new));
	}

	/**
	 * Reads settings from {@code --name=value} arguments; anything not given keeps its
	 * default.
	 * @param args the command line
	 * @return the settings
	 */
	public static PlatformSettings parse(String... args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Unexpected argument '" + arg + "'; use --name=value");
			}
			int equals = arg.indexOf('=');
			String name = (equals > 0) ? arg.substring(2, equals) : arg.substring(2);
			values.put(name, (equals > 0) ? arg.substring(equals + 1) : "true");
		}
		Path repository = Path.of(values.getOrDefault("repository", Repository.root().toString())).toAbsolutePath();
		List<String> jvmOptions = values.containsKey("jvm-options")
				? List.of(values.get("jvm-options").trim().split("\\s+")) : DEFAULT_JVM_OPTIONS;
		PlatformSettings settings = new PlatformSettings(repository,
				Path.of(values.getOrDefault("work-dir", repository.resolve(".platform").toString())).toAbsolutePath(),
				Boolean.parseBoolean(values.getOrDefault("clean", "false")), port(values, "gateway-port", 8080),
				port(values, "gateway-management-port", 8079), port(values, "discovery-port", 8761),
				port(values, "user-service-port", 8081), count(values, "user-service-instances", 2),
				port(values, "order-service-port", 8091), count(values, "order-service-instances", 2),
				port(values, "postgres-port", 15432), port(values, "kafka-port", 19092),
				port(values, "redis-port", 16379), jvmOptions,
				Duration.ofSeconds(count(values, "startup-timeout-seconds", 180)),
				port(values, "postgres-replica-port", 15433), port(values, "prometheus-port", 9090),
				port(values, "user-service-management-port", 8181), port(values, "order-service-management-port", 8191),
				aotCacheApplications(values.getOrDefault("aot-cache", "false")),
				Path.of(values.getOrDefault("aot-cache-dir", repository.resolve("target/aot-cache").toString()))
					.toAbsolutePath(),
				flag(values, "traces", true), port(values, "zipkin-port", 9411),
				values.getOrDefault("bind-address", "127.0.0.1"), flag(values, "mutual-tls", true));
		List<String> unknown = new ArrayList<>(values.keySet());
		unknown.removeAll(List.of("repository", "jvm-options", "work-dir", "clean", "gateway-port",
				"gateway-management-port", "discovery-port", "user-service-port", "user-service-instances",
				"order-service-port", "order-service-instances", "postgres-port", "kafka-port", "redis-port",
				"startup-timeout-seconds", "postgres-replica-port", "prometheus-port", "user-service-management-port",
				"order-service-management-port", "aot-cache", "aot-cache-dir", "traces", "zipkin-port", "bind-address",
				"mutual-tls"));
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown option(s): " + unknown);
		}
		return settings;
	}

	private static Set<String> aotCacheApplications(String value) {
		if (value.equals("true") || value.equals("false")) {
			return value.equals("true") ? Set.copyOf(APPLICATIONS) : Set.of();
		}
		Set<String> named = Set.of(value.split(","));
		if (!APPLICATIONS.containsAll(named)) {
			throw new IllegalArgumentException("--aot-cache must be true, false or a list of applications among "
					+ String.join(",", APPLICATIONS) + ", was '" + value + "'");
		}
		return named;
	}

	private static boolean flag(Map<String, String> values, String name, boolean fallback) {
		String value = values.getOrDefault(name, String.valueOf(fallback));
		if (!value.equals("true") && !value.equals("false")) {
			throw new IllegalArgumentException("--" + name + " must be true or false, was '" + value + "'");
		}
		return Boolean.parseBoolean(value);
	}

	private static int port(Map<String, String> values, String name, int fallback) {
		int port = count(values, name, fallback);
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("--" + name + " must be a port number, was " + port);
		}
		return port;
	}

	private static int count(Map<String, String> values, String name, int fallback) {
		String value = values.get(name);
		try {
			return (value != null) ? Integer.parseInt(value) : fallback;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a number, was '" + value + "'", ex);
		}
	}

	/**
	 * How every port but the gateway's public one is addressed.
	 * @return {@code https} with mutual TLS, else {@code http}
	 */
	String scheme() {
		return this.mutualTls ? "https" : "http";
	}

	/**
	 * Wipes the work directory first with {@code --clean}, and makes its log directory.
	 * @return the log directory
	 */
	Path prepareWorkDirectory() {
		try {
			if (this.clean) {
				FileTrees.delete(this.workDirectory);
			}
			Path logs = this.workDirectory.resolve("logs");
			Files.createDirectories(logs);
			return logs;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare " + this.workDirectory, ex);
		}
	}

	/**
	 * Where an application's executable jar is built.
	 * @param module the application's module
	 * @return the jar
	 */
	Path jarOf(String module) {
		return this.repository.resolve(module).resolve("target").resolve(module + ".jar");
	}

	/**
	 * Where the build puts Zipkin's executable jar (local-platform's pom copies it from
	 * Maven Central).
	 * @return the jar
	 */
	Path zipkinJar() {
		return this.repository.resolve("tooling/local-platform")
			.resolve("target")
			.resolve("zipkin")
			.resolve("zipkin-server.jar");
	}

}
