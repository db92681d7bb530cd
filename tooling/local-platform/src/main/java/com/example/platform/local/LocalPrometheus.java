package com.example.platform.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A real Prometheus (the {@code prometheus} binary, e.g. Debian's package) running
 * prometheus/prometheus.yml against a local platform: the same Eureka discovery,
 * relabelling and rule files, pointed at the local discovery server, without the
 * exporters that only compose and Kubernetes run. Shared by {@code ./run-local} and the
 * monitoring tests, so both run the configuration that ships.
 */
public final class LocalPrometheus implements AutoCloseable {

	/**
	 * How to get the binary, for messages: Prometheus 3 like compose and Kubernetes
	 * (Debian bookworm's own package is 2.42).
	 */
	public static final String INSTALL_HINT = "scripts/install-prometheus";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration POLL = Duration.ofMillis(200);

	private final Process process;

	private final URI uri;

	private final Path log;

	private LocalPrometheus(Process process, URI uri, Path log) {
		this.process = process;
		this.uri = uri;
		this.log = log;
	}

	/**
	 * Whether a {@code prometheus} executable is on the {@code PATH}.
	 * @return {@code true} when it can be started
	 */
	public static boolean isInstalled() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "prometheus"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Starts Prometheus and waits until it is ready.
	 * @param repository the repository root, whose prometheus/ is used
	 * @param discoveryPort the local Eureka server's port
	 * @param registryPasswordFile the file holding Eureka's password (it may appear after
	 * Prometheus starts: Prometheus reads it on every refresh)
	 * @param certificate Prometheus' certificate directory (tls.crt, tls.key, ca.crt),
	 * which the registry and the management ports require (mutual TLS); {@code null} for
	 * a platform run without mutual TLS ({@code --mutual-tls=false})
	 * @param port the port Prometheus listens on (127.0.0.1 only)
	 * @param workDirectory where its configuration, data and log go
	 * @param interval scrape and rule evaluation interval
	 * @return the running server
	 */
	public static LocalPrometheus start(Path repository, int discoveryPort, Path registryPasswordFile, Path certificate,
			int port, Path workDirectory, Duration interval) {
		try {
			Files.createDirectories(workDirectory);
			Path config = workDirectory.resolve("prometheus.yml");
			Files.writeString(config, configuration(repository.resolve("prometheus"), discoveryPort,
					registryPasswordFile, certificate, interval));
			Path log = workDirectory.resolve("prometheus.log");
			Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
					"--storage.tsdb.path=" + workDirectory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			LocalPrometheus prometheus = new LocalPrometheus(process, URI.create("http://localhost:" + port), log);
			prometheus.awaitReady();
			return prometheus;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start prometheus (" + INSTALL_HINT + ")", ex);
		}
	}

	/**
	 * prometheus/prometheus.yml for the local platform: rule files by absolute path,
	 * Eureka at the local discovery server, the discovery job's static target likewise,
	 * and the exporter jobs dropped.
	 * @param directory the repository's prometheus/ directory
	 * @param discoveryPort the local Eureka server's port
	 * @param registryPasswordFile the file holding Eureka's password
	 * @param certificate Prometheus' certificate directory; {@code null} for plain HTTP
	 * @param interval scrape, evaluation and service discovery refresh interval
	 * @return the configuration as YAML
	 */
	@SuppressWarnings("unchecked")
	public static String configuration(Path directory, int discoveryPort, Path registryPasswordFile, Path certificate,
			Duration interval) {
		Map<String, Object> config;
		try {
			config = new Yaml().load(Files.readString(directory.resolve("prometheus.yml")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String every = interval.toSeconds() + "s";
		Map<String, Object> global = (Map<String, Object>) config.get("global");
		global.put("scrape_interval", every);
		global.put("evaluation_interval", every);
		List<String> rules = new ArrayList<>();
		((List<String>) config.get("rule_files")).forEach((file) -> rules.add(directory.resolve(file).toString()));
		config.put("rule_files", rules);
		List<Map<String, Object>> jobs = new ArrayList<>();
		for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
			if (job.containsKey("eureka_sd_configs")) {
				for (Map<String, Object> sd : (List<Map<String, Object>>) job.get("eureka_sd_configs")) {
					sd.put("server", scheme(certificate) + "://localhost:" + discoveryPort + "/eureka");
					secure(sd, certificate);
					((Map<String, Object>) sd.get("basic_auth")).put("password_file",
							registryPasswordFile.toAbsolutePath().toString());
					sd.put("refresh_interval", every);
				}
				job.put("scheme", scheme(certificate));
				secure(job, certificate);
				jobs.add(job);
			}
			else if ("discovery".equals(job.get("job_name"))) {
				job.put("static_configs", List.of(Map.of("targets", List.of("localhost:" + discoveryPort))));
				job.put("scheme", scheme(certificate));
				secure(job, certificate);
				jobs.add(job);
			}
		}
		config.put("scrape_configs", jobs);
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		return new Yaml(options).dump(config);
	}

	private static String scheme(Path certificate) {
		return (certificate != null) ? "https" : "http";
	}

	// Read again on every handshake by Prometheus: a renewed certificate needs no
	// restart.
	private static void secure(Map<String, Object> target, Path certificate) {
		if (certificate == null) {
			// Compose's and Kubernetes' certificate paths: missing here.
			target.remove("tls_config");
			return;
		}
		Path directory = certificate.toAbsolutePath();
		target.put("tls_config", Map.of("ca_file", directory.resolve("ca.crt").toString(), "cert_file",
				directory.resolve("tls.crt").toString(), "key_file", directory.resolve("tls.key").toString()));
	}

	/**
	 * Prometheus' web UI and API.
	 * @return the URI, without trailing slash
	 */
	public URI uri() {
		return this.uri;
	}

	/**
	 * The page listing every alert rule and what is pending or firing.
	 * @return the URI
	 */
	public URI alertsUri() {
		return URI.create(this.uri + "/alerts");
	}

	private void awaitReady() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest ready = HttpRequest.newBuilder(URI.create(this.uri + "/-/ready"))
			.timeout(Duration.ofSeconds(2))
			.build();
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		while (true) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"prometheus exited with " + this.process.exitValue() + "; see " + this.log);
			}
			try {
				if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				close();
				throw new IllegalStateException("Interrupted while waiting for prometheus", ex);
			}
			if (Instant.now().isAfter(deadline)) {
				close();
				throw new IllegalStateException(
						"prometheus not ready within " + READY_TIMEOUT.toSeconds() + " s; see " + this.log);
			}
			try {
				Thread.sleep(POLL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				close();
				throw new IllegalStateException("Interrupted while waiting for prometheus", ex);
			}
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
