package com.example.platform.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformClient;
import com.example.platform.local.PlatformSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the platform every {@link SharedPlatform} class runs against, once for the whole
 * failsafe run: booting it (six JVMs, PostgreSQL primary and replica, Kafka, Redis,
 * Zipkin) is the biggest cost of the system tests, and no test needs a platform of its
 * own. {@link SteadyPlatformFirst} runs the classes that leave it as they found it before
 * those that stop, slow or rotate parts of it; the platform is closed when the run ends,
 * through the root store.
 * <p>
 * A class's {@code @BeforeAll} may also ask for a {@link PlatformClient} and for the
 * class's {@link ApiContract}: the client hands every request and answer to the contract,
 * and once the class's tests ran the contract must have found no request or answer that
 * breaks the committed OpenAPI documents.
 */
final class SharedPlatforms implements ParameterResolver, AfterAllCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(SharedPlatforms.class);

	private static final Path REPOSITORY = Path.of("../..");

	// Twice isolated()'s: a platform that does not come up fails every class, and on a
	// 2-core machine shared with other builds a gateway was seen to take
	// 200 s to start.
	private static final String STARTUP_TIMEOUT = "--startup-timeout-seconds=480";

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		Class<?> type = parameter.getParameter().getType();
		return type == LocalPlatform.class || type == WorkDirectory.class || type == PlatformClient.class
				|| type == ApiContract.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		Running running = context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(Running.class, (key) -> new Running(), Running.class)
			.boot();
		Class<?> type = parameter.getParameter().getType();
		if (type == LocalPlatform.class) {
			return running.platform;
		}
		if (type == WorkDirectory.class) {
			return new WorkDirectory(running.workDirectory);
		}
		// One contract per class, so a violation names the class that caused it.
		ApiContract contract = context.getStore(NAMESPACE)
			.computeIfAbsent(ApiContract.class, (key) -> ApiContract.of(running.platform), ApiContract.class);
		if (type == ApiContract.class) {
			return contract;
		}
		PlatformClient client = new PlatformClient(running.platform);
		client.onExchange(contract);
		return client;
	}

	@Override
	public void afterAll(ExtensionContext context) {
		// None when the platform did not come up: that error is the one to read.
		ApiContract contract = context.getStore(NAMESPACE).get(ApiContract.class, ApiContract.class);
		if (contract != null) {
			assertThat(contract.violations()).as("requests and answers that break the OpenAPI documents").isEmpty();
		}
	}

	/**
	 * Where the shared platform keeps its state and logs, as {@code ./run-local} keeps
	 * them in {@code .platform}.
	 *
	 * @param path the directory
	 */
	record WorkDirectory(Path path) {

	}

	/** The platform every class shares, booted by the first class that asks for it. */
	private static final class Running implements AutoCloseable {

		private LocalPlatform platform;

		private Path workDirectory;

		synchronized Running boot() {
			if (this.platform == null) {
				Instant started = Instant.now();
				try {
					this.workDirectory = Files.createTempDirectory("platform-shared-");
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				this.platform = LocalPlatform.start(settings(this.workDirectory));
				System.out.printf("Shared platform up in %d s%n", Duration.between(started, Instant.now()).toSeconds());
			}
			return this;
		}

		// As SPRING_PROFILES_ACTIVE=faults ./run-local, for the fault-injection drills
		// (ReadmeExamplesIT) and slowed instances (ResilienceSystemIT). A paused replica
		// stays in read rotation for ConsistencySystemIT, to show what it serves; by
		// default it would leave after 30 s of lag. Zipkin runs, but the applications
		// trace only requests that ask for it with a sampled traceparent, as
		// PlatformSystemIT's trace test does: tracing every request of the drills' loads
		// costs the CPU their restarts need. The services start with the JDK's AOT
		// cache, trained once per build before the boot: the drills start about twenty
		// of their JVMs after it, each in about half the time and CPU it takes without
		// the cache. Discovery and the gateway start once: training them too, a second
		// pair of trainings, made the boot 101 s instead of 80 s (docs/testing.md).
		private static PlatformSettings settings(Path workDirectory) {
			return PlatformSettings.isolated(REPOSITORY, workDirectory, STARTUP_TIMEOUT,
					"--aot-cache=user-service,order-service",
					"--jvm-options=" + String.join(" ", PlatformSettings.DEFAULT_JVM_OPTIONS) + " "
							+ String.join(" ", "-Dspring.profiles.active=faults", "-Dplatform.datasource.max-lag=10m",
									"-Dmanagement.tracing.sampling.probability=0.0"));
		}

		@Override
		public synchronized void close() {
			if (this.platform != null) {
				this.platform.close();
				this.platform = null;
			}
		}

	}

}
