package com.example.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.platform.infra.FreePorts;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Boot's structured logging in the packaged discovery jar, as docs/observability.md
 * ("Logs and traces") promises. In-JVM tests cannot show it: test-support's
 * {@code logback-test.xml} replaces Boot's console appender.
 */
class StructuredLogsIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	private static final Duration GRACE = Duration.ofSeconds(10);

	/**
	 * Jackson 2 comes with Kafka (embedded-infrastructure); Jackson 3 is not here. Text
	 * after the object would otherwise be ignored.
	 */
	private static final ObjectMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private final Path jar = Repository.path("discovery/target/discovery.jar");

	@TempDir
	Path logs;

	@BeforeEach
	void needsThePackagedJar() {
		assumeTrue(Files.isRegularFile(this.jar),
				"Needs " + this.jar + ": ./mvnw -pl discovery -am package -DskipTests");
	}

	@Test
	void printsEveryLogLineAsAnEcsJsonObject() {
		// The documented property as an environment variable, as in deploy/config/*.env.
		ApplicationProcess discovery = launch("discovery-ecs", Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"));
		try {
			await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250)).until(discovery::isHealthy);
			// Tomcat answers during the refresh, just before "Started" is logged.
			await().atMost(TIMEOUT).until(() -> read(discovery.log()).contains("Started DiscoveryApplication"));
		}
		finally {
			// Stopped first: shutdown lines are checked too, and none is half written.
			discovery.stop(GRACE);
		}

		List<JsonNode> lines = applicationLines(discovery.log()).stream().map(StructuredLogsIT::parse).toList();

		assertThat(lines).isNotEmpty().allSatisfy((line) -> {
			assertThat(line.isObject()).as("an object: %s", line).isTrue();
			assertThat(line.path("@timestamp").asText()).as("@timestamp of %s", line).isNotBlank();
			// Boot nests ECS fields: log.level is {"log":{"level":...}}.
			assertThat(line.at("/log/level").asText()).as("log.level of %s", line).isNotBlank();
			assertThat(line.path("message").isTextual()).as("message of %s", line).isTrue();
			assertThat(line.at("/service/name").asText()).as("service.name of %s", line).isEqualTo("discovery");
		});
		assertThat(lines).extracting((line) -> line.path("message").asText())
			.anySatisfy((message) -> assertThat(message).startsWith("Started DiscoveryApplication"));
	}

	/** Shows the test above bites: without the property the same line is plain text. */
	@Test
	void printsPlainTextWithoutTheProperty() {
		ApplicationProcess discovery = launch("discovery-text", Map.of());
		try {
			// Boot's first line is enough; the rest of the start-up only costs time.
			await().atMost(TIMEOUT).until(() -> read(discovery.log()).contains("Starting DiscoveryApplication"));
		}
		finally {
			discovery.stop(GRACE);
		}

		assertThat(applicationLines(discovery.log()))
			.filteredOn((line) -> line.contains("Starting DiscoveryApplication"))
			.singleElement()
			.satisfies((line) -> assertThat(line).doesNotStartWith("{"));
	}

	private ApplicationProcess launch(String name, Map<String, String> settings) {
		int port = FreePorts.next();
		Map<String, String> environment = new HashMap<>(settings);
		environment.put("SERVER_PORT", String.valueOf(port));
		// The registry does not start without its password (issue 18).
		environment.put("EUREKA_PASSWORD", "structured-logs-test");
		return ApplicationProcess.launch(name, this.jar, PlatformSettings.DEFAULT_JVM_OPTIONS, environment,
				URI.create("http://localhost:" + port + "/actuator/health"), this.logs);
	}

	/**
	 * The log's lines without the JVM's own warnings (such as sun.misc.Unsafe use by
	 * XStream): they go to stderr, which ApplicationProcess writes into the same file,
	 * and are not Boot's logging.
	 */
	private static List<String> applicationLines(Path log) {
		return read(log).lines().filter((line) -> !line.isBlank() && !line.startsWith("WARNING: ")).toList();
	}

	private static JsonNode parse(String line) {
		try {
			return json.readTree(line);
		}
		catch (JacksonException ex) {
			return fail("Not JSON: " + line, ex);
		}
	}

	private static String read(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
