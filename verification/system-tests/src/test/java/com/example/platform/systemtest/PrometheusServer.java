package com.example.platform.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import com.example.platform.infra.FreePorts;
import com.example.platform.local.LocalPrometheus;
import com.example.platform.testsupport.OsPackages;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The test's handle on local-platform's {@link LocalPrometheus}
 * (prometheus/prometheus.yml against the local platform, as {@code ./run-local} runs it),
 * with a scrape interval of seconds and the HTTP API the assertions use.
 */
final class PrometheusServer implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final LocalPrometheus prometheus;

	private PrometheusServer(LocalPrometheus prometheus) {
		this.prometheus = prometheus;
	}

	static PrometheusServer start(Path repository, int discoveryPort, Path registryPasswordFile, Path certificate,
			Path workDirectory) {
		OsPackages.require("prometheus");
		return new PrometheusServer(LocalPrometheus.start(repository, discoveryPort, registryPasswordFile, certificate,
				FreePorts.next(), workDirectory, Duration.ofSeconds(2)));
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
			return http.send(HttpRequest.newBuilder(URI.create(this.prometheus.uri() + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.prometheus.close();
	}

}
