package com.example.platform.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.platform.infra.FreePorts;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.opentest4j.TestAbortedException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian's {@code prometheus} binary) running
 * prometheus/prometheus.yml, pointed at a local platform: the same Eureka discovery,
 * relabelling and rule files, with the discovery address of the test and without the
 * exporters, which only compose and Kubernetes run.
 */
final class PrometheusServer implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final URI uri;

	private PrometheusServer(Process process, URI uri) {
		this.process = process;
		this.uri = uri;
	}

	static PrometheusServer start(Path repository, int discoveryPort, Path workDirectory) throws IOException {
		Path config = workDirectory.resolve("prometheus.yml");
		Files.writeString(config, localConfig(repository.resolve("prometheus"), discoveryPort));
		int port = FreePorts.next();
		List<String> command = List.of("prometheus", "--config.file=" + config,
				"--storage.tsdb.path=" + workDirectory.resolve("data"), "--web.listen-address=127.0.0.1:" + port);
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(workDirectory.resolve("prometheus.log").toFile())
				.start();
		}
		catch (IOException ex) {
			System.err.println("WARNING: prometheus not found; the live monitoring checks are SKIPPED. "
					+ "Install it with: apt-get install --no-install-recommends prometheus");
			throw new TestAbortedException("prometheus not installed (apt-get install prometheus)", ex);
		}
		PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
		await().atMost(Duration.ofSeconds(30)).until(() -> server.get("/-/ready").statusCode() == 200);
		return server;
	}

	@SuppressWarnings("unchecked")
	static String localConfig(Path directory, int discoveryPort) throws IOException {
		Map<String, Object> config = new Yaml().load(Files.readString(directory.resolve("prometheus.yml")));
		Map<String, Object> global = (Map<String, Object>) config.get("global");
		// Seconds, not minutes, of waiting: the test's platform lives for a minute or
		// two.
		global.put("scrape_interval", "2s");
		global.put("evaluation_interval", "2s");
		List<String> rules = new ArrayList<>();
		((List<String>) config.get("rule_files")).forEach((file) -> rules.add(directory.resolve(file).toString()));
		config.put("rule_files", rules);
		List<Map<String, Object>> jobs = new ArrayList<>();
		for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
			if (job.containsKey("eureka_sd_configs")) {
				for (Map<String, Object> sd : (List<Map<String, Object>>) job.get("eureka_sd_configs")) {
					sd.put("server", "http://localhost:" + discoveryPort + "/eureka");
					sd.put("refresh_interval", "2s");
				}
				jobs.add(job);
			}
			else if ("discovery".equals(job.get("job_name"))) {
				job.put("static_configs", List.of(Map.of("targets", List.of("localhost:" + discoveryPort))));
				jobs.add(job);
			}
		}
		config.put("scrape_configs", jobs);
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		return new Yaml(options).dump(config);
	}

	/**
	 * The result of an instant query: one object per series,
	 * {"metric":{...},"value":[t,v]}.
	 */
	JsonArray query(String expression) {
		HttpResponse<String> response = get(
				"/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8));
		JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
		if (!"success".equals(body.get("status").getAsString())) {
			throw new AssertionError("Query failed: " + expression + ": " + response.body());
		}
		return body.getAsJsonObject("data").getAsJsonArray("result");
	}

	JsonObject api(String path) {
		return JsonParser.parseString(get(path).body()).getAsJsonObject();
	}

	private HttpResponse<String> get(String path) {
		try {
			return http.send(HttpRequest.newBuilder(this.uri.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	URI uri() {
		return this.uri;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
