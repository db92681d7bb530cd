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
import com.example.platform.systemtest.SharedPlatform.Kind;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the platform a {@link SharedPlatform} class asks for, once for every class of its
 * kind: booting the whole platform (six JVMs, PostgreSQL primary and replica, Kafka,
 * Redis, Zipkin) is the biggest cost of the system tests, and no test needs a platform of
 * its own. At most one platform runs at a time: the steady one is closed when the first
 * disrupted class asks for its platform ({@link SteadyPlatformFirst} orders the classes
 * so that this happens once), and the last one when the run ends, through the root store.
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

	// Twice isolated()'s: a platform that does not come up fails every class of its
	// kind, and on a 2-core machine shared with other builds a gateway was seen to take
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
		Kind kind = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), SharedPlatform.class)
			.orElseThrow()
			.value();
		Running running = context.getRoot()
			.getStore(NAMESPACE)
			.computeIfAbsent(Running.class, (key) -> new Running(), Running.class)
			.of(kind);
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

	/** The one platform running now, closed when another kind is asked for. */
	private static final class Running implements AutoCloseable {

		private Kind kind;

		private LocalPlatform platform;

		private Path workDirectory;

		private int boots;

		synchronized Running of(Kind wanted) {
			if (this.kind != wanted) {
				close();
				this.boots++;
				Instant started = Instant.now();
				try {
					this.workDirectory = Files.createTempDirectory("platform-" + wanted.name().toLowerCase() + "-");
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				this.platform = LocalPlatform.start(settings(wanted, this.workDirectory));
				this.kind = wanted;
				System.out.printf("Shared %s platform up in %d s (platform boot %d of this run)%n", wanted,
						Duration.between(started, Instant.now()).toSeconds(), this.boots);
			}
			return this;
		}

		private static PlatformSettings settings(Kind kind, Path workDirectory) {
			return switch (kind) {
				case STEADY -> PlatformSettings.isolated(REPOSITORY, workDirectory, STARTUP_TIMEOUT);
				// As SPRING_PROFILES_ACTIVE=faults ./run-local, for the fault-injection
				// drills (ReadmeExamplesIT) and slowed instances (ResilienceSystemIT). A
				// paused replica stays in read rotation for ConsistencySystemIT, to show
				// what it serves; by default it would leave after 30 s of lag. Without
				// Zipkin: no disrupted class reads a trace (the steady PlatformSystemIT
				// does), and tracing every request of their loads into it costs the CPU
				// their restarts need; the applications sample as outside a local run.
				case DISRUPTED ->
					PlatformSettings.isolated(REPOSITORY, workDirectory, STARTUP_TIMEOUT, "--traces=false",
							"--jvm-options=" + String.join(" ", "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
									"-XX:TieredStopAtLevel=1", "-Dspring.profiles.active=faults",
									"-Dplatform.datasource.max-lag=10m"));
			};
		}

		@Override
		public synchronized void close() {
			if (this.platform != null) {
				this.platform.close();
				this.platform = null;
				this.kind = null;
			}
		}

	}

}
