package com.example.platform.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLContext;

import com.example.platform.infra.EmbeddedInfrastructure;
import com.example.platform.infra.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform on one machine without Docker: real PostgreSQL, Kafka and Redis in
 * this JVM, and discovery, gateway, every service instance and the Zipkin trace UI as
 * JVMs of their own, started in the order of the {@link Topology}. {@link #close()} stops
 * the applications before the servers they depend on.
 */
public final class LocalPlatform implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);

	static final Duration GRACE = Duration.ofSeconds(20);

	/** Tokens' {@code iss}: user-service's and every validator's default. */
	private static final String ISSUER = "platform";

	/** Tokens' {@code aud}: user-service's and every validator's default. */
	private static final String AUDIENCE = "platform-api";

	private final PlatformSettings settings;

	private final Topology topology;

	private final EmbeddedInfrastructure infrastructure;

	private final DevSecrets secrets;

	private final PlatformTrust trust;

	private final Await await;

	private final ServiceInstances instances;

	private final TopologyLauncher applications;

	/** The trace UI; none when traces are off. */
	private final ApplicationProcess zipkin;

	/** Runs the administrator console's drills (through the gateway). */
	private final ControlServer control;

	LocalPlatform(PlatformSettings settings, EmbeddedInfrastructure infrastructure, DevSecrets secrets,
			PlatformTrust trust, ApplicationProcess zipkin, Path logs) {
		this.settings = settings;
		this.topology = Topology.of(settings);
		this.infrastructure = infrastructure;
		this.secrets = secrets;
		this.trust = trust;
		this.zipkin = zipkin;
		this.await = new Await(settings.startupTimeout());
		this.instances = new ServiceInstances(this.await);
		List<String> keySets = this.topology.keySetUris(trust.scheme());
		this.control = ConsoleDrills.serve(new AdminTokens(keySets.stream().map(URI::create).toList(), ISSUER, AUDIENCE,
				trust.certificates().bundle(Topology.OPERATOR)), this.instances, infrastructure);
		Environments environments = new Environments(zipkinUri(), "localhost:" + settings.discoveryPort(),
				infrastructure.kafka().bootstrapServers(), infrastructure.redis().host(), infrastructure.redis().port(),
				secrets, settings.bindAddress(), keySets, this.control.uri(),
				Optional.of(trust.certificates().directory()).filter((directory) -> trust.mutualTls()));
		this.applications = new TopologyLauncher(settings, this.topology, infrastructure.postgres(), environments,
				SigningKeys.of(secrets.signingKey()), this.instances, logs, this.await, sslContext());
	}

	/**
	 * Starts everything and waits until each service instance answers through the
	 * gateway.
	 * @param settings the layout
	 * @return the running platform
	 */
	public static LocalPlatform start(PlatformSettings settings) {
		return PlatformBoot.start(settings);
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
		return URI.create(this.trust.scheme() + "://localhost:" + this.settings.discoveryPort());
	}

	/**
	 * What a direct call to an instance's port, a management port or the registry needs:
	 * the operator's certificate from the platform CA, trusting that CA only.
	 * @return a context for a JDK client
	 */
	public SSLContext sslContext() {
		return this.trust.sslContext();
	}

	/**
	 * The platform CA's certificates and the registry's password.
	 * @return them
	 */
	public PlatformTrust trust() {
		return this.trust;
	}

	/**
	 * The Zipkin server every application sends its spans to: its UI, and its API under
	 * {@code /api/v2/}.
	 * @return the URI, without trailing slash; empty when traces are off
	 */
	public Optional<URI> zipkinUri() {
		return (this.zipkin != null) ? Optional.of(Zipkin.uri(this.settings)) : Optional.empty();
	}

	/**
	 * The gateway's actuator, on a port nothing routes to.
	 * @return the URI, without trailing slash
	 */
	public URI gatewayManagementUri() {
		return URI.create(this.trust.scheme() + "://localhost:" + this.settings.gatewayManagementPort());
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
	public SigningKey signingKey() {
		return this.applications.signingKeys().active();
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
		for (String name : this.applications.useSigningKeys(new SigningKeys(active, List.of(published)))) {
			if (this.instances.get(name).process().isAlive()) {
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
	public Set<String> instancesOf(String service) {
		return this.instances.servedBy(service);
	}

	/**
	 * The names of every service instance, e.g. {@code user-service-1}, running or not.
	 * @return the instance names in start order
	 */
	public synchronized List<String> instanceNames() {
		return List.copyOf(this.instances.all().keySet());
	}

	/**
	 * The process id of every running application (discovery, the gateway and each
	 * service instance), e.g. to read their memory.
	 * @return process ids by application or instance name
	 */
	public synchronized Map<String, Long> processIds() {
		Map<String, Long> pids = new LinkedHashMap<>();
		this.applications.processes()
			.stream()
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
		return this.instances.get(instance).servedBy();
	}

	/**
	 * The port an instance listens on.
	 * @param instance an instance name
	 * @return its port
	 */
	public synchronized int portOf(String instance) {
		return this.instances.get(instance).port();
	}

	/**
	 * The port an instance's actuator listens on, separate from its traffic port.
	 * @param instance an instance name
	 * @return its management port
	 */
	public synchronized int managementPortOf(String instance) {
		return this.instances.get(instance).managementPort();
	}

	/**
	 * Kills an instance with SIGKILL, as a crash would: it neither deregisters nor
	 * drains.
	 * @param instance an instance name
	 */
	public void kill(String instance) {
		this.instances.kill(instance);
	}

	/**
	 * Stops an instance, the registry or the gateway with SIGTERM; waits for it to end.
	 */
	public void stop(String instance) {
		this.applications.process(instance).stop(GRACE);
	}

	/** Stops several instances at once (their drains overlap) and waits for each. */
	public void stopAll(Collection<String> instances) {
		this.instances.stop(instances);
	}

	/**
	 * Starts a stopped or killed instance, registry or gateway again; waits until
	 * healthy.
	 * @param instance an instance name, {@code discovery} or {@code gateway}
	 */
	public void start(String instance) {
		this.applications.start(instance);
	}

	/** Starts several instances again side by side and waits until each is healthy. */
	public void startAll(Collection<String> instances) {
		this.instances.start(instances);
	}

	/**
	 * Whether an instance answers its health check with UP.
	 * @param instance an instance name
	 * @return {@code true} when healthy
	 */
	public boolean isHealthy(String instance) {
		return this.instances.isHealthy(instance);
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
		String name = this.applications.launchInstance(this.topology.service(service), FreePorts.next(),
				FreePorts.next(), extraEnvironment);
		this.instances.awaitHealthy(name);
		return name;
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
	 * ({@code --aot-cache}), and the whole training under {@code "all"} (applications
	 * train side by side); a cache kept from an earlier start is not listed.
	 * @return durations by application
	 */
	public Map<String, Duration> aotTrainingTimes() {
		return this.applications.launcher().aotTrainingTimes();
	}

	/**
	 * The applications that start with an AOT cache: all of them with
	 * {@code --aot-cache}, unless training failed for one (the log tells why).
	 * @return the applications' modules, e.g. {@code user-service}
	 */
	public Set<String> applicationsWithAotCache() {
		return this.applications.launcher().withAotCache();
	}

	Path secretsDirectory() {
		return this.settings.workDirectory().resolve("secrets");
	}

	String describe() {
		return Banner.of(this, this.settings, this.topology, this.instances.all());
	}

	void launch() {
		// Before any application, whose first spans would otherwise be lost.
		if (this.zipkin != null) {
			this.await.until("Zipkin to be healthy (log: " + this.zipkin.log() + ")", this.zipkin::isHealthy);
		}
		this.applications.start();
		GatewayReadiness readiness = new GatewayReadiness(this, this.await);
		for (Application service : this.topology.services()) {
			service.probePath().ifPresent((path) -> readiness.awaitRoutable(service.name(), path));
		}
	}

	/**
	 * Stops the applications, then Zipkin, Redis, Kafka and PostgreSQL.
	 */
	@Override
	public synchronized void close() {
		this.control.close();
		this.applications.stop();
		// After the applications, which send their last spans as they stop.
		if (this.zipkin != null) {
			this.zipkin.stop(GRACE);
		}
		this.infrastructure.close();
		log.info("Platform stopped");
	}

}
