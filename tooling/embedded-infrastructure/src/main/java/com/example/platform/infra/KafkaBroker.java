package com.example.platform.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), run
 * in-process from Kafka's own server classes. It can be stopped and started again on the
 * same log directory, so fault tests can take the broker away and bring it back with its
 * data.
 * <p>
 * Every client authenticates: SASL/SCRAM-SHA-512 on the client listener, each application
 * as its own user, or as {@value #ADMIN_USER}. The SCRAM credentials live in the cluster
 * metadata, so they are set at every start (changed passwords, data of a run before them)
 * through a second, internal listener and the controller's, which take only
 * {@value #ADMIN_USER} with SASL/PLAIN against a password held in this configuration, not
 * in the metadata.
 * <p>
 * Every user may do only what {@link KafkaAcls#declared()} grants it (KRaft's
 * {@code StandardAuthorizer}, nothing allowed without a grant): the same grants
 * start-kafka.sh applies in compose and Kubernetes. {@value #ADMIN_USER} is the super
 * user; tests' own clients ({@link #clientConfig(Map)}) act as it, standing in for any
 * producer or consumer.
 */
public final class KafkaBroker implements AutoCloseable {

	/** The broker's own user, which may do everything (super user). */
	public static final String ADMIN_USER = "admin";

	/** The only mechanism the client listener accepts. */
	public static final String SASL_MECHANISM = "SCRAM-SHA-512";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private final Path logDirectory;

	private final int port;

	private final int controllerPort;

	private final int internalPort;

	private final InfrastructureCredentials credentials;

	private final KafkaAcls acls;

	private KafkaRaftServer server;

	private KafkaBroker(Path logDirectory, int port, int controllerPort, int internalPort,
			InfrastructureCredentials credentials, KafkaAcls acls) {
		this.logDirectory = logDirectory;
		this.port = port;
		this.controllerPort = controllerPort;
		this.internalPort = internalPort;
		this.credentials = credentials;
		this.acls = acls;
	}

	static KafkaBroker start(Path logDirectory, boolean keepData, int port, InfrastructureCredentials credentials) {
		try {
			if (!keepData) {
				FileTrees.delete(logDirectory);
			}
			Files.createDirectories(logDirectory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare Kafka's log directory " + logDirectory, ex);
		}
		KafkaBroker broker = new KafkaBroker(logDirectory, FreePorts.orFree(port), FreePorts.next(), FreePorts.next(),
				credentials, KafkaAcls.declared());
		broker.format();
		broker.start();
		return broker;
	}

	/**
	 * The address clients use.
	 * @return {@code host:port}
	 */
	public String bootstrapServers() {
		return "localhost:" + this.port;
	}

	/**
	 * The users besides {@value #ADMIN_USER}: those the grants name.
	 * @return the users, e.g. {@code user-service}
	 */
	public Set<String> users() {
		return this.acls.users();
	}

	/**
	 * A user's password.
	 * @param user one of {@link #users()}
	 * @return the password
	 */
	public String password(String user) {
		return this.credentials.kafkaPassword(user);
	}

	/**
	 * What a client needs besides the bootstrap servers to authenticate as
	 * {@value #ADMIN_USER}, which may do everything: for tests' own producers and
	 * consumers, which stand in for any application.
	 * @return {@code security.protocol}, {@code sasl.mechanism} and
	 * {@code sasl.jaas.config}
	 */
	public Map<String, Object> clientSecurity() {
		return clientSecurity(ADMIN_USER, this.credentials.kafkaAdminPassword());
	}

	/**
	 * What a client needs besides the bootstrap servers to authenticate as one of
	 * {@link #users()}, with only that user's grants.
	 * @param user the user, e.g. {@code user-service}
	 * @return {@code security.protocol}, {@code sasl.mechanism} and
	 * {@code sasl.jaas.config}
	 */
	public Map<String, Object> clientSecurity(String user) {
		return clientSecurity(user, this.credentials.kafkaPassword(user));
	}

	/**
	 * A client's whole configuration as {@value #ADMIN_USER}: the bootstrap servers,
	 * {@link #clientSecurity()} and the given settings.
	 * @param settings the client's own settings (group, serializers...)
	 * @return the configuration
	 */
	public Map<String, Object> clientConfig(Map<String, Object> settings) {
		return config(clientSecurity(), settings);
	}

	/**
	 * A client's whole configuration as one of {@link #users()}.
	 * @param user the user, e.g. {@code user-service}
	 * @param settings the client's own settings (group, serializers...)
	 * @return the configuration
	 */
	public Map<String, Object> clientConfig(String user, Map<String, Object> settings) {
		return config(clientSecurity(user), settings);
	}

	private Map<String, Object> config(Map<String, Object> security, Map<String, Object> settings) {
		Map<String, Object> config = new HashMap<>(settings);
		config.put("bootstrap.servers", bootstrapServers());
		config.putAll(security);
		return config;
	}

	/**
	 * A client's security settings for a user and password, e.g. to show that wrong ones
	 * are refused.
	 * @param username the user
	 * @param password the password
	 * @return {@code security.protocol}, {@code sasl.mechanism} and
	 * {@code sasl.jaas.config}
	 */
	public static Map<String, Object> clientSecurity(String username, String password) {
		return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", SASL_MECHANISM, "sasl.jaas.config",
				scramLogin(username, password));
	}

	/**
	 * The JAAS line of a SCRAM client.
	 * @param username the user
	 * @param password the password, hex (nothing to escape)
	 * @return the {@code sasl.jaas.config} value
	 */
	public static String scramLogin(String username, String password) {
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + username
				+ "\" password=\"" + password + "\";";
	}

	/**
	 * Starts the broker again after {@link #stop()}, on the same ports and data, and
	 * waits until it answers.
	 */
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(config()), Time.SYSTEM);
		starting.startup();
		this.server = starting;
		try (Admin admin = Admin.create(internalAdminConfig())) {
			new KafkaPrincipals(this.credentials, this.acls, READY_TIMEOUT).apply(admin);
		}
		awaitReady();
	}

	/**
	 * Stops the broker and waits until it has shut down; its data stays.
	 */
	public synchronized void stop() {
		if (this.server == null) {
			return;
		}
		this.server.shutdown();
		this.server.awaitShutdown();
		this.server = null;
	}

	@Override
	public void close() {
		stop();
	}

	private void format() {
		Path metaProperties = this.logDirectory.resolve("meta.properties");
		if (Files.exists(metaProperties)) {
			return;
		}
		try {
			new Formatter().setNodeId(1)
				.setClusterId(Uuid.randomUuid().toString())
				.setDirectories(List.of(this.logDirectory.toString()))
				.setMetadataLogDirectory(this.logDirectory.toString())
				.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
				.setControllerListenerName("CONTROLLER")
				.setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
				.run();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot format Kafka storage in " + this.logDirectory, ex);
		}
	}

	private Map<String, Object> config() {
		Properties properties = new Properties();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", "1");
		properties.put("controller.quorum.voters", "1@localhost:" + this.controllerPort);
		properties.put("listeners", "SASL_PLAINTEXT://localhost:" + this.port + ",INTERNAL://localhost:"
				+ this.internalPort + ",CONTROLLER://localhost:" + this.controllerPort);
		properties.put("advertised.listeners",
				"SASL_PLAINTEXT://localhost:" + this.port + ",INTERNAL://localhost:" + this.internalPort);
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("inter.broker.listener.name", "INTERNAL");
		properties.put("listener.security.protocol.map",
				"SASL_PLAINTEXT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
		// Clients: SCRAM only.
		properties.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", SASL_MECHANISM);
		properties.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
				"org.apache.kafka.common.security.scram.ScramLoginModule required;");
		// The node's own connections and KafkaPrincipals: the administrator only,
		// with PLAIN against this password.
		String plainLogin = plainLogin(ADMIN_USER, this.credentials.kafkaAdminPassword());
		String plainUsers = plainLogin.replace(";",
				" user_" + ADMIN_USER + "=\"" + this.credentials.kafkaAdminPassword() + "\";");
		properties.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
		properties.put("listener.name.internal.sasl.enabled.mechanisms", "PLAIN");
		properties.put("listener.name.internal.plain.sasl.jaas.config", plainUsers);
		properties.put("sasl.mechanism.controller.protocol", "PLAIN");
		properties.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
		properties.put("listener.name.controller.plain.sasl.jaas.config", plainUsers);
		// Nothing without a grant (KafkaAcls), as in compose and Kubernetes; the node's
		// own connections and the set-up above are the administrator's.
		properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
		properties.put("allow.everyone.if.no.acl.found", "false");
		properties.put("super.users", "User:" + ADMIN_USER);
		properties.put("log.dirs", this.logDirectory.toString());
		// One node: internal topics cannot have more replicas than that.
		properties.put("offsets.topic.replication.factor", "1");
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		properties.put("share.coordinator.state.topic.replication.factor", "1");
		properties.put("share.coordinator.state.topic.min.isr", "1");
		// Consumers join at once instead of waiting 3 s for more members that never come.
		properties.put("group.initial.rebalance.delay.ms", "0");
		properties.put("num.partitions", "3");
		// Producers declare their topics. Auto-creation serves tests' own producers (as
		// the administrator); an application may create only the topics it is granted.
		properties.put("auto.create.topics.enable", "true");
		return Map.copyOf(properties.entrySet()
			.stream()
			.collect(java.util.stream.Collectors.toMap((e) -> e.getKey().toString(), Map.Entry::getValue)));
	}

	private static String plainLogin(String user, String password) {
		return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
				+ password + "\";";
	}

	private Map<String, Object> internalAdminConfig() {
		Map<String, Object> config = new HashMap<>();
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + this.internalPort);
		config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
		config.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
		config.put(SaslConfigs.SASL_JAAS_CONFIG, plainLogin(ADMIN_USER, this.credentials.kafkaAdminPassword()));
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
		return config;
	}

	private void awaitReady() {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		Map<String, Object> adminConfig = new HashMap<>(
				clientSecurity(ADMIN_USER, this.credentials.kafkaAdminPassword()));
		adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
		adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
		adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
		try (Admin admin = Admin.create(adminConfig)) {
			while (true) {
				try {
					if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
						return;
					}
				}
				catch (ExecutionException | TimeoutException ex) {
					if (Instant.now().isAfter(deadline)) {
						throw new IllegalStateException("Kafka did not become ready on " + bootstrapServers(), ex);
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
		}
	}

}
