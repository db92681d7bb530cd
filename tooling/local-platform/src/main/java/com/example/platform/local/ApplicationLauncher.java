package com.example.platform.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Starts application JVMs: from the extraction with the AOT cache when the application
 * has one, else from the {@link JarSnapshots snapshot} of its fat jar.
 */
final class ApplicationLauncher {

	private final PlatformSettings settings;

	private final Path logs;

	/**
	 * Checks health on the applications' TLS management ports with the launcher's
	 * certificate.
	 */
	private final HttpClient health;

	private final JarSnapshots jars;

	/** The cache each application starts with; none without {@code --aot-cache}. */
	private final Map<String, AotCacheLocation> aotCaches = new HashMap<>();

	private Map<String, Duration> aotTrainingTimes = Map.of();

	ApplicationLauncher(PlatformSettings settings, Path logs, Await await, HttpClient health) {
		this.health = health;
		this.settings = settings;
		this.logs = logs;
		this.jars = new JarSnapshots(settings::jarOf, settings.workDirectory().resolve("jars"), await);
	}

	/**
	 * Trains the applications' AOT caches before any application starts, one at a time: a
	 * training run takes every core and would slow the starts beside it. An application
	 * whose training fails starts without a cache (the log tells why).
	 * @param environments the environment each module trains with, by module in training
	 * order
	 */
	void prepareAotCaches(Map<String, Supplier<Map<String, String>>> environments) {
		AotCaches caches = new AotCaches(this.settings.aotCacheDirectory(),
				AotCommands.current(this.settings.jvmOptions()), this.logs, this.settings.startupTimeout());
		environments.forEach((module, environment) -> caches.prepare(module, this.jars.of(module), environment)
			.ifPresent((cache) -> put(module, cache)));
		this.aotTrainingTimes = caches.trainingTimes();
	}

	private synchronized void put(String module, AotCacheLocation cache) {
		this.aotCaches.put(module, cache);
	}

	/**
	 * Starts an application JVM.
	 * @param name the process's name, also its log's
	 * @param module the application's module
	 * @param environment its variables
	 * @param healthUri where it answers UP once started
	 * @return the running process
	 */
	synchronized ApplicationProcess launch(String name, String module, Map<String, String> environment, URI healthUri) {
		AotCacheLocation cache = this.aotCaches.get(module);
		if (cache == null) {
			return ApplicationProcess.launch(name, this.jars.of(module), this.settings.jvmOptions(), environment,
					healthUri, this.health, this.logs);
		}
		List<String> options = cache.launchOptions(this.settings.jvmOptions());
		return ApplicationProcess.launch(name, cache.jar(), options, environment, healthUri, this.health, this.logs);
	}

	Map<String, Duration> aotTrainingTimes() {
		return this.aotTrainingTimes;
	}

	synchronized Set<String> withAotCache() {
		return Set.copyOf(this.aotCaches.keySet());
	}

	JarSnapshots jars() {
		return this.jars;
	}

}
