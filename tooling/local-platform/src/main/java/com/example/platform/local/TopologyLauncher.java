package com.example.platform.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import com.example.platform.infra.DatabaseAccess;
import com.example.platform.infra.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the {@link Topology}'s applications in its order, each with the environment its
 * dependencies call for, and stops them in the reverse order.
 */
final class TopologyLauncher {

	private static final Logger log = LoggerFactory.getLogger(LocalPlatform.class);

	private final PlatformSettings settings;

	private final Topology topology;

	private final PostgresServer postgres;

	private final Environments environments;

	/**
	 * What the token issuer's instances sign with and publish; changed by a key rotation.
	 */
	private SigningKeys signingKeys;

	private final ApplicationLauncher launcher;

	private final ServiceInstances instances;

	private final Await await;

	private final Map<String, DatabaseAccess> databases = new HashMap<>();

	private ApplicationProcess registry;

	private ApplicationProcess edge;

	TopologyLauncher(PlatformSettings settings, Topology topology, PostgresServer postgres, Environments environments,
			SigningKeys signingKeys, ServiceInstances instances, Path logs, Await await, SSLContext tls) {
		this.settings = settings;
		this.topology = topology;
		this.postgres = postgres;
		this.environments = environments;
		this.signingKeys = signingKeys;
		this.instances = instances;
		this.await = await;
		this.launcher = new ApplicationLauncher(settings, logs, await, ApplicationProcess.healthClient(tls));
	}

	/**
	 * Creates the databases, trains the AOT caches when asked to, then starts the
	 * registry, awaits it, starts every service instance and the gateway, and waits until
	 * each is healthy.
	 */
	void start() {
		for (Application application : this.topology.all()) {
			if (application.needs(Dependency.DATABASE)) {
				this.databases.put(application.name(),
						this.postgres.createDatabase(application.databaseName(), newPassword()));
			}
		}
		if (this.settings.aotCache()) {
			prepareAotCaches();
		}
		Application registry = this.topology.registry();
		this.registry = launchSingle(registry);
		this.await.until(registry.name() + " to be healthy", this.registry::isHealthy);
		for (Application service : this.topology.services()) {
			List<Integer> ports = service.ports();
			List<Integer> managementPorts = service.managementPorts();
			for (int i = 0; i < ports.size(); i++) {
				launchInstance(service, ports.get(i), managementPorts.get(i), Map.of());
			}
		}
		this.edge = launchSingle(this.topology.edge());
		List<ApplicationProcess> started = new ArrayList<>(processes(this.instances.all()));
		started.add(this.edge);
		for (ApplicationProcess process : started) {
			this.await.until(process.name() + " to be healthy (log: " + process.log() + ")", process::isHealthy);
		}
	}

	/**
	 * Before any application starts, for the applications asked for. Each trains with the
	 * environment of its first instance, as some configuration is required to refresh the
	 * context.
	 */
	private void prepareAotCaches() {
		Map<String, Supplier<Map<String, String>>> environments = new LinkedHashMap<>();
		for (Application application : this.topology.all()) {
			if (this.settings.aotCacheApplications().contains(application.name())) {
				environments.put(application.name(), () -> trainingEnvironment(application));
			}
		}
		this.launcher.prepareAotCaches(environments);
	}

	/**
	 * The first instance's environment, but with a database of its own: refreshing the
	 * context already writes schema (the idempotency keys' migrations), which must not
	 * reach the service's database before its own migrations have run.
	 */
	private Map<String, String> trainingEnvironment(Application application) {
		DatabaseAccess scratch = application.needs(Dependency.DATABASE)
				? this.postgres.createDatabase(application.databaseName() + "_aot_training", newPassword()) : null;
		return this.environments.of(application, application.port(), application.managementPort(), scratch,
				signingKeys());
	}

	/** The registry or the gateway: one instance, named as its application. */
	private ApplicationProcess launchSingle(Application application) {
		return this.launcher.launch(application.name(), application.name(),
				this.environments.of(application, application.port(), application.managementPort(), null,
						signingKeys()),
				URI.create(
						this.settings.scheme() + "://localhost:" + application.managementPort() + "/actuator/health"));
	}

	/**
	 * Starts one instance of a service, without waiting for it.
	 * @param service the service
	 * @param port its traffic port
	 * @param managementPort its actuator port
	 * @param extraEnvironment variables that override the platform's own
	 * @return the instance's name
	 */
	synchronized String launchInstance(Application service, int port, int managementPort,
			Map<String, String> extraEnvironment) {
		Map<String, String> environment = this.environments.of(service, port, managementPort,
				this.databases.get(service.name()), signingKeys());
		environment.putAll(extraEnvironment);
		String name = this.instances.nextName(service);
		ApplicationProcess process = this.launcher.launch(name, service.name(), environment,
				URI.create(this.settings.scheme() + "://localhost:" + managementPort + "/actuator/health"));
		this.instances.add(name, new ServiceInstance(service, port, managementPort, process));
		return name;
	}

	/**
	 * Every application's process, running or not.
	 * @return the registry, the services' instances, the gateway, those started so far
	 */
	synchronized List<ApplicationProcess> processes() {
		List<ApplicationProcess> all = new ArrayList<>();
		if (this.registry != null) {
			all.add(this.registry);
		}
		all.addAll(processes(this.instances.all()));
		if (this.edge != null) {
			all.add(this.edge);
		}
		return all;
	}

	/**
	 * Any application's process: a service instance, the registry or the gateway.
	 * @param name its name
	 * @return the process, running or not
	 */
	synchronized ApplicationProcess process(String name) {
		return processes().stream()
			.filter((process) -> process.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No application '" + name + "'"));
	}

	/**
	 * Starts a stopped application again and waits until it is healthy.
	 * @param name a service instance's name, the registry's or the gateway's
	 */
	void start(String name) {
		ApplicationProcess process = process(name);
		process.start();
		this.await.until(name + " to be healthy (log: " + process.log() + ")", process::isHealthy);
	}

	synchronized SigningKeys signingKeys() {
		return this.signingKeys;
	}

	/**
	 * Changes what the token issuer's instances start with from now on, the running ones
	 * at their next start.
	 * @param keys the new keys
	 * @return the names of the token issuer's instances, running or not
	 */
	synchronized List<String> useSigningKeys(SigningKeys keys) {
		this.signingKeys = keys;
		List<String> issuers = this.instances.needing(Dependency.TOKEN_ISSUER);
		for (String name : issuers) {
			// A key no longer published must not linger from the earlier configuration.
			this.instances.get(name).process().replaceEnvironment(SigningKeys.VARIABLES, keys.environment());
		}
		return issuers;
	}

	ApplicationLauncher launcher() {
		return this.launcher;
	}

	/**
	 * Stops the gateway and the services side by side, then the registry, and deletes the
	 * jar snapshots. Each still leaves discovery and drains before it stops accepting, so
	 * stopping the gateway first would only add its deregistration delay and drain to the
	 * services' (several seconds at every close of a test platform).
	 */
	synchronized void stop() {
		List<ApplicationProcess> applications = new ArrayList<>(processes(this.instances.all()));
		if (this.edge != null) {
			applications.add(this.edge);
		}
		stopAll(applications);
		this.instances.clear();
		if (this.registry != null) {
			this.registry.stop(LocalPlatform.GRACE);
		}
		JarSnapshots jars = this.launcher.jars();
		try {
			jars.delete();
		}
		catch (IOException ex) {
			log.warn("Could not delete the copied jars in {}: {}", jars.directory(), ex.toString());
		}
	}

	private static List<ApplicationProcess> processes(Map<String, ServiceInstance> instances) {
		return instances.values().stream().map(ServiceInstance::process).toList();
	}

	/**
	 * Stops processes with SIGTERM side by side and waits until each has stopped.
	 * @param processes the processes
	 */
	static void stopAll(List<ApplicationProcess> processes) {
		List<Thread> stopping = new ArrayList<>();
		for (ApplicationProcess process : processes) {
			stopping.add(Thread.ofVirtual().start(() -> process.stop(LocalPlatform.GRACE)));
		}
		for (Thread thread : stopping) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static String newPassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
