package com.example.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

/**
 * One application instance in a JVM of its own, with its output in a log file.
 * Configuration travels in environment variables, so secrets do not show up in
 * {@code ps}.
 */
final class ApplicationProcess {

	private static final HttpClient PLAIN = healthClient(null);

	private final HttpClient http;

	private final String name;

	private final URI healthUri;

	private final Path log;

	private final ProcessBuilder builder;

	private Process process;

	private ApplicationProcess(String name, URI healthUri, HttpClient http, Path log, ProcessBuilder builder) {
		this.http = http;
		this.name = name;
		this.healthUri = healthUri;
		this.log = log;
		this.builder = builder;
	}

	/**
	 * The client health checks are made with.
	 * @param tls the launcher's certificate, for the applications' TLS management ports;
	 * {@code null} for a plain HTTP one
	 * @return the client
	 */
	static HttpClient healthClient(SSLContext tls) {
		// HTTP/1.1 as the platform speaks it: by default the client first offers an h2c
		// upgrade on each new connection, which servers may leave unanswered.
		HttpClient.Builder builder = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(1));
		return (tls != null) ? builder.sslContext(tls).build() : builder.build();
	}

	static ApplicationProcess launch(String name, Path jar, List<String> jvmOptions, Map<String, String> environment,
			URI healthUri, Path logDirectory) {
		return launch(name, jar, jvmOptions, environment, healthUri, PLAIN, logDirectory);
	}

	static ApplicationProcess launch(String name, Path jar, List<String> jvmOptions, Map<String, String> environment,
			URI healthUri, HttpClient healthClient, Path logDirectory) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("Missing " + jar + ": build it first (./mvnw -DskipTests package)");
		}
		Path javaHome = Path.of(System.getProperty("java.home"));
		List<String> command = new ArrayList<>();
		command.add(javaHome.resolve("bin").resolve("java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		Path log = logDirectory.resolve(name + ".log");
		// Appends, so a restarted instance's log keeps what happened before the restart.
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		// glibc's malloc gives threads arenas of their own, up to eight per core, which a
		// JVM's compiler and I/O threads fill and seldom hand back; two are enough for
		// the
		// little a JVM mallocs (as in the container images; docs/performance.md).
		builder.environment().put("MALLOC_ARENA_MAX", "2");
		builder.environment().putAll(environment);
		ApplicationProcess application = new ApplicationProcess(name, healthUri, healthClient, log, builder);
		application.start();
		return application;
	}

	/**
	 * Starts the JVM, again after a {@link #stop} or {@link #kill}, with the same
	 * configuration.
	 */
	synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		try {
			this.process = this.builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.name, ex);
		}
	}

	/**
	 * Kills the JVM with SIGKILL: no shutdown hooks, no deregistration, like a crash.
	 */
	synchronized void kill() {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		try {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Changes the configuration the next {@link #start} uses: drops every variable whose
	 * name matches, then adds the given ones.
	 */
	synchronized void replaceEnvironment(String namePattern, Map<String, String> variables) {
		this.builder.environment().keySet().removeIf((name) -> name.matches(namePattern));
		this.builder.environment().putAll(variables);
	}

	boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	long pid() {
		return this.process.pid();
	}

	String name() {
		return this.name;
	}

	Path log() {
		return this.log;
	}

	boolean isHealthy() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException(
					this.name + " exited with code " + this.process.exitValue() + "; see " + this.log);
		}
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(this.healthUri).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Sends SIGTERM, so the application shuts down gracefully, and waits; kills it if it
	 * does not stop in time.
	 */
	synchronized void stop(Duration grace) {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
