package com.example.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.jar.JarFile;

import com.example.platform.infra.DatabaseAccess;
import com.example.platform.infra.EmbeddedInfrastructure;
import com.example.platform.infra.FreePorts;
import com.example.platform.infra.InfrastructureSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform on one machine without Docker: real PostgreSQL, Kafka and Redis in
 * this JVM, and discovery, gateway, every service instance and the Zipkin trace UI as
 * JVMs of their own. {@link #close()} stops the applications before the servers they
 * depend on.
 */
public final class LocalPlatform implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);

	private static final Duration GRACE = Duration.ofSeconds(20);

	private static final Duration POLL = Duration.ofMillis(250);

	/** Every variable of user-service's signing keys. */
	private static final String SIGNING_VARIABLES = "PLATFORM_SECURITY_SIGNING_.+";

	/** Tokens' {@code iss}: user-service's and every validator's default. */
	private static final String ISSUER = "platform";

	/** Tokens' {@code aud}: user-service's and every validator's default. */
	private static final String AUDIENCE = "platform-api";

	private static final List<String> SERVICES = List.of("user-service", "order-service");

	/**
	 * Zipkin keeps its spans in memory, the oldest traces going first. Measured: about
	 * 2.5 KB of heap per span, so 10,000 spans (some 900 orders' traces) fill 50 of the
	 * 128 MB; 170 MB resident when idle, 210 MB full. 20,000 left the heap 86 % full.
	 */
	private static final List<String> ZIPKIN_JVM_OPTIONS = List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC",
			"-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED");

	private static final int ZIPKIN_MAX_SPANS = 10_000;

	private final PlatformSettings settings;

	private final EmbeddedInfrastructure infrastructure;

	private final DevSecrets secrets;

	/** What user-service instances sign with and publish; changed by a key rotation. */
	private List<SigningKey> signingKeys;

	private SigningKey activeKey;

	private final List<ApplicationProcess> edge = new ArrayList<>();

	private final Map<String, ServiceInstance> services = new java.util.LinkedHashMap<>();

	private final Map<String, DatabaseAccess> databases = new HashMap<>();

	private final Map<String, Integer> nextIndex = new HashMap<>();

	private final Map<String, Path> jars = new HashMap<>();

	/** The cache each application starts with; none without {@code --aot-cache}. */
	private final Map<String, AotCacheLocation> aotCaches = new HashMap<>();

	private Map<String, Duration> aotTrainingTimes = Map.of();

	private String readinessToken;

	private ApiResponse lastTokenAnswer;

	private Path logs;

	private ApplicationProcess discovery;

	/** The trace UI; none when traces are off. */
	private final ApplicationProcess zipkin;

	private LocalPlatform(PlatformSettings settings, EmbeddedInfrastructure infrastructure, DevSecrets secrets,
			ApplicationProcess zipkin) {
		this.settings = settings;
		this.infrastructure = infrastructure;
		this.secrets = secrets;
		this.zipkin = zipkin;
		this.activeKey = secrets.signingKey();
		this.signingKeys = List.of(this.activeKey);
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
		DevSecrets secrets = DevSecrets.loadOrCreate(settings.workDirectory().resolve("secrets"));
		// Zipkin starts first, so that it comes up while the servers do.
		ApplicationProcess zipkin = settings.traces() ? launchZipkin(settings, logs) : null;
		EmbeddedInfrastructure infrastructure;
		try {
			infrastructure = EmbeddedInfrastructure.start(
					new InfrastructureSettings(settings.workDirectory().resolve("data"), true, settings.postgresPort(),
							settings.kafkaPort(), settings.redisPort(), settings.postgresReplicaPort()));
		}
		catch (RuntimeException ex) {
			if (zipkin != null) {
				zipkin.stop(GRACE);
			}
			throw ex;
		}
		LocalPlatform platform = new LocalPlatform(settings, infrastructure, secrets, zipkin);
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
	 * The Zipkin server every application sends its spans to: its UI, and its API under
	 * {@code /api/v2/}.
	 * @return the URI, without trailing slash; empty when traces are off
	 */
	public Optional<URI> zipkinUri() {
		return (this.zipkin != null) ? Optional.of(zipkinUri(this.settings)) : Optional.empty();
	}

	private static URI zipkinUri(PlatformSettings settings) {
		return URI.create("http://localhost:" + settings.zipkinPort());
	}

	/**
	 * The gateway's actuator, on a port nothing routes to.
	 * @return the URI, without trailing slash
	 */
	public URI gatewayManagementUri() {
		return URI.create("http://localhost:" + this.settings.gatewayManagementPort());
	}

	/**
	 * The administrator user-service creates at start-up (generated once per work
	 * directory, see {@code <work-dir>/secrets/}).
	 * @return the email and password
	 */
	public AdminCredentials adminCredentials() {
		return this.secrets.admin();
	}

	/**
	 * The key user-service signs tokens with now, for tests that forge tokens which are
	 * wrong in one way only.
	 * @return the key id and private key
	 */
	public synchronized SigningKey signingKey() {
		return this.activeKey;
	}

	/**
	 * The {@code iss} every token carries and every validator expects.
	 * @return the issuer
	 */
	public String issuer() {
		return ISSUER;
	}

	/**
	 * The {@code aud} every token carries and every validator expects.
	 * @return the audience
	 */
	public String audience() {
		return AUDIENCE;
	}

	/**
	 * Rolls the signing keys of every user-service instance, one instance at a time: each
	 * is stopped, started with the new keys and awaited healthy before the next, so the
	 * others keep issuing and publishing meanwhile. Rotating without downtime takes two
	 * calls: first publish the new key while still signing with the old one
	 * ({@code useSigningKeys(old, old, next)}), then, once validators may have fetched
	 * it, sign with it ({@code useSigningKeys(next, old, next)}); drop the old key after
	 * the longest token lifetime. Not written to {@code secrets/}: the next run starts
	 * with the generated key again.
	 * @param active the key new tokens are signed with
	 * @param published every key user-service publishes in its JWKS, including the active
	 * one
	 */
	public void useSigningKeys(SigningKey active, SigningKey... published) {
		List<SigningKey> keys = List.of(published);
		if (!keys.contains(active)) {
			throw new IllegalArgumentException("The active key must be one of the published keys");
		}
		List<String> restart;
		synchronized (this) {
			this.activeKey = active;
			this.signingKeys = keys;
			restart = this.services.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().service().equals("user-service"))
				.map(Map.Entry::getKey)
				.toList();
			for (String name : restart) {
				// A key no longer published must not linger from the earlier
				// configuration.
				instance(name).process().replaceEnvironment(SIGNING_VARIABLES, signingEnvironment());
			}
		}
		for (String name : restart) {
			if (instance(name).process().isAlive()) {
				stop(name);
				start(name);
			}
		}
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
	 * The process id of every running application (discovery, the gateway and each
	 * service instance), e.g. to read their memory.
	 * @return process ids by application or instance name
	 */
	public synchronized Map<String, Long> processIds() {
		Map<String, Long> pids = new LinkedHashMap<>();
		if (this.discovery != null && this.discovery.isAlive()) {
			pids.put(this.discovery.name(), this.discovery.pid());
		}
		all().stream()
			.filter(ApplicationProcess::isAlive)
			.forEach((process) -> pids.put(process.name(), process.pid()));
		return pids;
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
	 * The port an instance's actuator listens on, separate from its traffic port.
	 * @param instance an instance name
	 * @return its management port
	 */
	public synchronized int managementPortOf(String instance) {
		return instance(instance).managementPort();
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
		return addInstance(service, Map.of());
	}

	/**
	 * Starts one more instance of a service with further environment variables, e.g. a
	 * deliberately slow one ({@code SPRING_PROFILES_ACTIVE=faults},
	 * {@code PLATFORM_FAULTS_INITIAL_LATENCY=5s}), and waits until it is healthy. The
	 * variables override the platform's own; they apply to this instance only, also when
	 * it is restarted.
	 * @param service {@code user-service} or {@code order-service}
	 * @param extraEnvironment further variables for this instance
	 * @return the new instance's name
	 */
	public String addInstance(String service, Map<String, String> extraEnvironment) {
		String name = launchInstance(service, FreePorts.next(), FreePorts.next(), extraEnvironment);
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

	/**
	 * How long preparing each application's AOT cache took, for those this start trained
	 * ({@code --aot-cache}); a cache kept from an earlier start is not listed.
	 * @return durations by application, in training order
	 */
	public Map<String, Duration> aotTrainingTimes() {
		return this.aotTrainingTimes;
	}

	/**
	 * The applications that start with an AOT cache: all of them with
	 * {@code --aot-cache}, unless training failed for one (the log tells why).
	 * @return the applications' modules, e.g. {@code user-service}
	 */
	public synchronized Set<String> applicationsWithAotCache() {
		return Set.copyOf(this.aotCaches.keySet());
	}

	String describe() {
		StringBuilder text = new StringBuilder();
		text.append("%nPlatform is up. Ctrl-C stops everything.%n%n".formatted());
		text.append("  %-28s %s%n".formatted("Gateway (public API)", gatewayUri()));
		text.append("  %-28s %s%n".formatted("Gateway actuator",
				"http://localhost:" + this.settings.gatewayManagementPort() + "/actuator/health"));
		text.append("  %-28s %s (user %s, password in %s)%n".formatted("Eureka dashboard", discoveryUri(),
				DevSecrets.EUREKA_USERNAME,
				this.settings.workDirectory().resolve("secrets").resolve(DevSecrets.EUREKA_PASSWORD_FILE)));
		zipkinUri().ifPresent(
				(zipkin) -> text.append("  %-28s %s (every request traced; paste a trace id or press Run Query)%n"
					.formatted("Zipkin (traces)", zipkin)));
		for (Map.Entry<String, ServiceInstance> instance : this.services.entrySet()) {
			text.append("  %-28s %s (actuator: http://localhost:%d/actuator/health)%n".formatted(instance.getKey(),
					"http://localhost:" + instance.getValue().port(), instance.getValue().managementPort()));
		}
		text.append("  %-28s localhost:%d (databases user_service, order_service)%n".formatted("PostgreSQL",
				this.infrastructure.postgres().port()));
		text.append("  %-28s localhost:%d (streaming replica of it)%n".formatted("PostgreSQL replica",
				this.infrastructure.postgres().replica().port()));
		text.append("  %-28s %s%n".formatted("Kafka", this.infrastructure.kafka().bootstrapServers()));
		text.append("  %-28s localhost:%d%n".formatted("Redis", this.infrastructure.redis().port()));
		text.append("  %-28s %s%n".formatted("Logs", logDirectory()));
		if (this.settings.aotCache()) {
			text.append("  %-28s %s (with it: %s)%n".formatted("AOT caches", this.settings.aotCacheDirectory(),
					String.join(", ", new TreeSet<>(this.aotCaches.keySet()))));
		}
		AdminCredentials admin = adminCredentials();
		text.append("  %-28s %s / %s (in %s)%n".formatted("Administrator", admin.email(), admin.password(),
				this.settings.workDirectory().resolve("secrets")));
		text.append("%nGet a token (valid 15 minutes) and use it:%n%n".formatted());
		text.append(("  TOKEN=$(curl -s -X POST %s%s -H 'Content-Type: application/json' \\%n"
				+ "    -d '{\"email\":\"%s\",\"password\":\"%s\"}' | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')%n"
				+ "  curl -s '%s/api/users?page=0&size=5' -H \"Authorization: Bearer $TOKEN\"%n")
			.formatted(gatewayUri(), PlatformClient.TOKEN_PATH, admin.email(), admin.password(), gatewayUri()));
		return text.toString();
	}

	private static Path prepare(PlatformSettings settings) {
		try {
			if (settings.clean()) {
				FileTrees.delete(settings.workDirectory());
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
		// Before any application, whose first spans would otherwise be lost.
		if (this.zipkin != null) {
			await("Zipkin to be healthy (log: " + this.zipkin.log() + ")", this.zipkin::isHealthy);
		}
		for (String service : SERVICES) {
			this.databases.put(service,
					this.infrastructure.postgres().createDatabase(service.replace('-', '_'), newPassword()));
		}
		if (this.settings.aotCache()) {
			prepareAotCaches();
		}
		this.discovery = launchApplication("discovery", "discovery", discoveryEnvironment(),
				URI.create(discoveryUri() + "/actuator/health"));
		await("discovery to be healthy", this.discovery::isHealthy);
		for (String service : SERVICES) {
			List<Integer> ports = portsOf(service, false);
			List<Integer> managementPorts = portsOf(service, true);
			for (int i = 0; i < ports.size(); i++) {
				launchInstance(service, ports.get(i), managementPorts.get(i), Map.of());
			}
		}
		this.edge.add(launchApplication("gateway", "gateway", gatewayEnvironment(),
				URI.create(gatewayManagementUri() + "/actuator/health")));
		for (ApplicationProcess process : all()) {
			await(process.name() + " to be healthy (log: " + process.log() + ")", process::isHealthy);
		}
		awaitRoutable("user-service", "/api/users?page=0&size=1");
		awaitRoutable("order-service", "/api/orders?page=0&size=1");
	}

	/**
	 * Before any application starts, one at a time: a training run takes every core and
	 * would slow the starts beside it. Each trains with the environment of its first
	 * instance, as some configuration is required to refresh the context.
	 */
	private void prepareAotCaches() {
		AotCaches caches = new AotCaches(this.settings.aotCacheDirectory(),
				AotCommands.current(this.settings.jvmOptions()), this.logs, this.settings.startupTimeout());
		Map<String, Supplier<Map<String, String>>> environments = new LinkedHashMap<>();
		environments.put("discovery", this::discoveryEnvironment);
		for (String service : SERVICES) {
			environments.put(service, () -> trainingEnvironment(service));
		}
		environments.put("gateway", this::gatewayEnvironment);
		environments.forEach((module, environment) -> caches.prepare(module, jarOf(module), environment)
			.ifPresent((cache) -> this.aotCaches.put(module, cache)));
		this.aotTrainingTimes = caches.trainingTimes();
	}

	/**
	 * The first instance's environment, but with a database of its own: refreshing the
	 * context already writes schema (the idempotency keys' migrations), which must not
	 * reach the service's database before its own migrations have run.
	 */
	private Map<String, String> trainingEnvironment(String service) {
		DatabaseAccess scratch = this.infrastructure.postgres()
			.createDatabase(service.replace('-', '_') + "_aot_training", newPassword());
		return instanceEnvironment(service, scratch, portsOf(service, false).getFirst(),
				portsOf(service, true).getFirst());
	}

	/**
	 * Starts an application JVM: from its extraction with the AOT cache when it has one,
	 * else from the copy of its fat jar.
	 */
	private ApplicationProcess launchApplication(String name, String module, Map<String, String> environment,
			URI healthUri) {
		AotCacheLocation cache = this.aotCaches.get(module);
		if (cache == null) {
			return ApplicationProcess.launch(name, jarOf(module), this.settings.jvmOptions(), environment, healthUri,
					this.logs);
		}
		return ApplicationProcess.launch(name, cache.jar(), cache.launchOptions(this.settings.jvmOptions()),
				environment, healthUri, this.logs);
	}

	/**
	 * Zipkin's server with in-memory storage, on the loopback interface only. Armeria
	 * binds the list of ports as a whole, so the one port is given with everything it
	 * needs.
	 */
	private static ApplicationProcess launchZipkin(PlatformSettings settings, Path logs) {
		Map<String, String> environment = Map.of("STORAGE_TYPE", "mem", "MEM_MAX_SPANS",
				String.valueOf(ZIPKIN_MAX_SPANS), "ARMERIA_PORTS_0_PORT", String.valueOf(settings.zipkinPort()),
				"ARMERIA_PORTS_0_IP", "127.0.0.1", "ARMERIA_PORTS_0_PROTOCOLS_0", "http");
		return ApplicationProcess.launch("zipkin", settings.zipkinJar(), ZIPKIN_JVM_OPTIONS, environment,
				URI.create(zipkinUri(settings) + "/health"), logs);
	}

	/**
	 * With traces on, every request is traced (as in compose), and the spans go to the
	 * local Zipkin.
	 */
	private Map<String, String> tracingEnvironment() {
		if (this.zipkin == null) {
			return Map.of();
		}
		return Map.of("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0", "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED",
				"true", "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", zipkinUri(this.settings) + "/api/v2/spans");
	}

	private Map<String, String> discoveryEnvironment() {
		return Map.of("SERVER_PORT", String.valueOf(this.settings.discoveryPort()), "SERVER_ADDRESS",
				this.settings.bindAddress(), "EUREKA_PASSWORD", this.secrets.eurekaPassword());
	}

	/**
	 * What every application but discovery needs to trust and be trusted (issue 18): the
	 * registry's credentials, the signing keys from user-service's own instances (never
	 * from whatever the registry lists), and the loopback address for every port but the
	 * gateway's public one.
	 */
	private Map<String, String> trustEnvironment() {
		List<String> keySets = portsOf("user-service", false).stream()
			.map((port) -> "http://localhost:" + port + "/.well-known/jwks.json")
			.toList();
		return Map.of("EUREKA_ADDRESS", "localhost:" + this.settings.discoveryPort(), "EUREKA_PASSWORD",
				this.secrets.eurekaPassword(), "PLATFORM_SECURITY_JWKSETURI", String.join(",", keySets),
				"MANAGEMENT_SERVER_ADDRESS", this.settings.bindAddress());
	}

	/** The gateway rate-limits in Redis. */
	private Map<String, String> gatewayEnvironment() {
		Map<String, String> environment = new HashMap<>(tracingEnvironment());
		environment.putAll(trustEnvironment());
		environment.putAll(Map.of("SERVER_PORT", String.valueOf(this.settings.gatewayPort()), "MANAGEMENT_SERVER_PORT",
				String.valueOf(this.settings.gatewayManagementPort()), "SPRING_DATA_REDIS_HOST",
				this.infrastructure.redis().host(), "SPRING_DATA_REDIS_PORT",
				String.valueOf(this.infrastructure.redis().port())));
		return environment;
	}

	private synchronized String launchInstance(String service, int port, int managementPort,
			Map<String, String> extraEnvironment) {
		Map<String, String> environment = instanceEnvironment(service, this.databases.get(service), port,
				managementPort);
		environment.putAll(extraEnvironment);
		String name = service + "-" + this.nextIndex.merge(service, 1, Integer::sum);
		ApplicationProcess process = launchApplication(name, service, environment,
				URI.create("http://localhost:" + managementPort + "/actuator/health"));
		this.services.put(name, new ServiceInstance(service, port, managementPort, process));
		return name;
	}

	private synchronized Map<String, String> instanceEnvironment(String service, DatabaseAccess access, int port,
			int managementPort) {
		Map<String, String> environment = new HashMap<>(tracingEnvironment());
		environment.put("SERVER_PORT", String.valueOf(port));
		// The actuator is never on the traffic port; each instance needs its own.
		environment.put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
		environment.putAll(trustEnvironment());
		environment.put("SERVER_ADDRESS", this.settings.bindAddress());
		environment.put("SPRING_DATASOURCE_URL", access.jdbcUrl());
		environment.put("SPRING_DATASOURCE_USERNAME", access.username());
		environment.put("SPRING_DATASOURCE_PASSWORD", access.password());
		// Read-only transactions go to the streaming replica (datasource-routing).
		environment.put("PLATFORM_DATASOURCE_REPLICAS", String.join(",", access.replicaJdbcUrls()));
		environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", this.infrastructure.kafka().bootstrapServers());
		environment.put("SPRING_DATA_REDIS_HOST", this.infrastructure.redis().host());
		environment.put("SPRING_DATA_REDIS_PORT", String.valueOf(this.infrastructure.redis().port()));
		environment.put("PLATFORM_IDEMPOTENCY_FINGERPRINT_SECRET", this.secrets.idempotencyFingerprintSecret());
		if (service.equals("user-service")) {
			environment.putAll(signingEnvironment());
			environment.put("PLATFORM_SECURITY_ADMIN_EMAIL", this.secrets.admin().email());
			environment.put("PLATFORM_SECURITY_ADMIN_PASSWORD", this.secrets.admin().password());
			environment.put("PLATFORM_SECURITY_CLIENTS_0_ID", DevSecrets.ORDER_SERVICE_CLIENT_ID);
			environment.put("PLATFORM_SECURITY_CLIENTS_0_SECRET", this.secrets.orderServiceClientSecret());
			// Every client of a local run is 127.0.0.1, so one address registers all the
			// users the system tests and the benchmark create; the token endpoint keeps
			// its per-address limit.
			environment.put("PLATFORM_RATE_LIMIT_REGISTRATION_REQUESTS", "100000");
		}
		else {
			// order-service's own credentials for its calls to user-service.
			environment.put("ORDER_USER_SERVICE_CLIENT_ID", DevSecrets.ORDER_SERVICE_CLIENT_ID);
			environment.put("ORDER_USER_SERVICE_CLIENT_SECRET", this.secrets.orderServiceClientSecret());
		}
		return environment;
	}

	/**
	 * The application's jar as it was when the platform first launched it, copied into
	 * the work directory: classes load lazily from the jar, so a build that rewrites
	 * {@code target/} while the platform runs would break running instances, and a
	 * restarted instance would run other code than its peers.
	 */
	private synchronized Path jarOf(String module) {
		Path built = this.settings.jarOf(module);
		if (!Files.isRegularFile(built)) {
			return built;
		}
		return this.jars.computeIfAbsent(module, (name) -> {
			Path copy = jarDirectory().resolve(name + ".jar");
			// A build may be rewriting the jar right now: copy again until the copy is
			// whole.
			await("a complete copy of " + built, () -> copied(built, copy));
			return copy;
		});
	}

	private static boolean copied(Path jar, Path copy) {
		try {
			Files.createDirectories(copy.getParent());
			Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
			try (JarFile complete = new JarFile(copy.toFile())) {
				return complete.getManifest() != null;
			}
		}
		catch (IOException ex) {
			return false;
		}
	}

	private Path jarDirectory() {
		return this.settings.workDirectory().resolve("jars");
	}

	/**
	 * user-service's keys (spring relaxed binding: {@code _0_} is index 0): every
	 * published key with its id, and which one signs. The names of the second key are
	 * derived from the first's, so the configuration keys stay spelled once.
	 */
	private synchronized Map<String, String> signingEnvironment() {
		Map<String, String> environment = new HashMap<>();
		environment.put("PLATFORM_SECURITY_SIGNING_ACTIVE_KEY_ID", this.activeKey.keyId());
		for (int i = 0; i < this.signingKeys.size(); i++) {
			String index = "_" + i + "_";
			environment.put("PLATFORM_SECURITY_SIGNING_KEYS_0_ID".replace("_0_", index),
					this.signingKeys.get(i).keyId());
			environment.put("PLATFORM_SECURITY_SIGNING_KEYS_0_PRIVATE_KEY".replace("_0_", index),
					this.signingKeys.get(i).base64());
		}
		return environment;
	}

	/**
	 * Healthy is not enough: the gateway only routes to an instance once discovery and
	 * the gateway's load-balancer cache know it. Waits until every instance has answered
	 * an administrator's request through the gateway.
	 */
	private void awaitRoutable(String service, String path) {
		Set<String> expected = instancesOf(service);
		Set<String> seen = new HashSet<>();
		PlatformClient client = new PlatformClient(this, Duration.ofSeconds(5));
		try {
			await("every " + service + " instance to be routable through the gateway", () -> {
				try {
					String token = adminToken(client);
					if (token == null) {
						return false;
					}
					ApiResponse response = client.anonymous().withToken(token).get(path);
					if (response.status() == 200) {
						seen.add(response.servedBy());
					}
					else if (response.status() == 401) {
						// Signed with a key no longer published: log in again.
						this.readinessToken = null;
					}
				}
				catch (IllegalStateException ex) {
					// Not routable yet.
				}
				return seen.containsAll(expected);
			});
		}
		catch (IllegalStateException ex) {
			if (this.lastTokenAnswer != null && this.lastTokenAnswer.status() == 401) {
				throw new IllegalStateException(ex.getMessage() + ": " + adminCredentials().email()
						+ " cannot log in. Does the database hold the administrator with another password than "
						+ this.settings.workDirectory().resolve("secrets") + "? Start with --clean.", ex);
			}
			throw ex;
		}
	}

	/**
	 * The administrator's token through the gateway, obtained once: the token endpoint is
	 * rate-limited per address.
	 */
	private String adminToken(PlatformClient client) {
		if (this.readinessToken == null) {
			AdminCredentials admin = adminCredentials();
			this.lastTokenAnswer = client.requestToken(gatewayUri(), admin.email(), admin.password());
			this.readinessToken = (this.lastTokenAnswer.status() == 200)
					? this.lastTokenAnswer.field("access_token").orElse(null) : null;
		}
		return this.readinessToken;
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

	private List<Integer> portsOf(String service, boolean management) {
		boolean users = "user-service".equals(service);
		int first = users ? this.settings.userServicePort() : this.settings.orderServicePort();
		if (management) {
			first = users ? this.settings.userServiceManagementPort() : this.settings.orderServiceManagementPort();
		}
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
	 * Zipkin, Redis, Kafka and PostgreSQL.
	 */
	@Override
	public synchronized void close() {
		stopAll(this.edge);
		stopAll(new ArrayList<>(this.services.values().stream().map(ServiceInstance::process).toList()));
		this.services.clear();
		if (this.discovery != null) {
			this.discovery.stop(GRACE);
		}
		// After the applications, which send their last spans as they stop.
		if (this.zipkin != null) {
			this.zipkin.stop(GRACE);
		}
		this.infrastructure.close();
		try {
			FileTrees.delete(jarDirectory());
		}
		catch (IOException ex) {
			log.warn("Could not delete the copied jars in {}: {}", jarDirectory(), ex.toString());
		}
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

	private record ServiceInstance(String service, int port, int managementPort, ApplicationProcess process) {

		String servedBy() {
			return this.service + ":" + this.port;
		}

	}

}
