package com.example.platform.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), run
 * in-process from Kafka's own server classes. It can be stopped and started again on the
 * same log directory, so fault tests can take the broker away and bring it back with its
 * data.
 */
public final class KafkaBroker implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private final Path logDirectory;

	private final int port;

	private final int controllerPort;

	private KafkaRaftServer server;

	private KafkaBroker(Path logDirectory, int port, int controllerPort) {
		this.logDirectory = logDirectory;
		this.port = port;
		this.controllerPort = controllerPort;
	}

	static KafkaBroker start(Path logDirectory, boolean keepData, int port) {
		try {
			if (!keepData) {
				FileTrees.delete(logDirectory);
			}
			Files.createDirectories(logDirectory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare Kafka's log directory " + logDirectory, ex);
		}
		KafkaBroker broker = new KafkaBroker(logDirectory, FreePorts.orFree(port), FreePorts.next());
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
		properties.put("listeners",
				"PLAINTEXT://localhost:" + this.port + ",CONTROLLER://localhost:" + this.controllerPort);
		properties.put("advertised.listeners", "PLAINTEXT://localhost:" + this.port);
		properties.put("controller.listener.names", "CONTROLLER");
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
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
		// Producers declare their topics; auto-creation only spares a consumer that
		// starts
		// first from erroring until the producer's declaration lands.
		properties.put("auto.create.topics.enable", "true");
		return Map.copyOf(properties.entrySet()
			.stream()
			.collect(java.util.stream.Collectors.toMap((e) -> e.getKey().toString(), Map.Entry::getValue)));
	}

	private void awaitReady() {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				3000);
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
