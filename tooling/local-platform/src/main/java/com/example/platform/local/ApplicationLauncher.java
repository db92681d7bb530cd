package com.example.platform.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

	/** The key of the whole training phase's time among {@link #aotTrainingTimes()}. */
	static final String ALL_TRAININGS = "all";

	private Map<String, Duration> aotTrainingTimes = Map.of();

	ApplicationLauncher(PlatformSettings settings, Path logs, Await await, HttpClient health) {
		this.health = health;
		this.settings = settings;
		this.logs = logs;
		this.jars = new JarSnapshots(settings::jarOf, settings.workDirectory().resolve("jars"), await);
	}

	/**
	 * Trains the applications' AOT caches before any application starts, as many side by
	 * side as there are cores: a training run keeps about one core busy (measured: 40-50
	 * % idle on two cores while one trained), and starts beside them would be slowed. An
	 * application whose training fails starts without a cache (the log tells why).
	 * @param environments the environment each module trains with, by module in training
	 * order
	 */
	void prepareAotCaches(Map<String, Supplier<Map<String, String>>> environments) {
		AotCaches caches = new AotCaches(this.settings.aotCacheDirectory(),
				AotCommands.current(this.settings.jvmOptions()), this.logs, this.settings.startupTimeout());
		Instant started = Instant.now();
		List<Callable<Void>> trainings = new ArrayList<>();
		environments.forEach((module, environment) -> trainings.add(() -> {
			// The environments come from the topology's launcher, one at a time.
			Supplier<Map<String, String>> serialized = () -> {
				synchronized (environments) {
					return environment.get();
				}
			};
			caches.prepare(module, this.jars.of(module), serialized).ifPresent((cache) -> put(module, cache));
			return null;
		}));
		try (ExecutorService trainers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
			for (Future<Void> training : trainers.invokeAll(trainings)) {
				training.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while training the AOT caches", ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		Map<String, Duration> times = new LinkedHashMap<>(caches.trainingTimes());
		if (!times.isEmpty()) {
			// Side by side, so not the sum of the applications' times.
			times.put(ALL_TRAININGS, Duration.between(started, Instant.now()));
		}
		this.aotTrainingTimes = Collections.unmodifiableMap(times);
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
