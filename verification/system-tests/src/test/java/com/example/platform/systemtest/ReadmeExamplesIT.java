package com.example.platform.systemtest;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.infra.PostgresServer;
import com.example.platform.local.ApiResponse;
import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformClient;
import com.example.platform.testsupport.OsPackages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every example and drill of the README and of the pages under {@code docs/} (their
 * {@code bash} blocks), run as written against the local platform, in one shell session
 * (the later examples use {@code $AUTH} and {@code $USER_ID} from the README's walk),
 * each checked for what its page says it shows. The platform, the disrupted one shared
 * with other classes, runs as {@code SPRING_PROFILES_ACTIVE=faults ./run-local} would, on
 * free ports that replace the documented defaults; {@code .platform} is its work
 * directory. First of the disrupted classes: the examples show a platform nobody has
 * disturbed yet. ReadmeShellTests checks that no {@code bash} block is left out.
 */
@SharedPlatform(SharedPlatform.Kind.DISRUPTED)
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeExamplesIT {

	private static final Path REPOSITORY = Path.of("../..");

	private static final Pattern SERVED_BY = Pattern.compile("(?i)x-served-by: (\\S+)");

	private static final Pattern ELAPSED = Pattern.compile("real\\s+(\\d+)m([\\d.]+)s");

	static LocalPlatform platform;

	static ReadmeShell shell;

	static RecordingProxy proxy;

	// The instances the last drill stops, started again after it.
	static List<String> stopped = List.of();

	@BeforeAll
	static void connect(LocalPlatform shared, SharedPlatforms.WorkDirectory platformDirectory, ApiContract contract)
			throws IOException {
		// Every example uses curl: installed, or the class skipped.
		OsPackages.require("curl");
		platform = shared;
		Path shellDirectory = Files.createTempDirectory("platform-readme-shell-");
		Files.createSymbolicLink(shellDirectory.resolve(".platform"), platformDirectory.path().toAbsolutePath());
		// Every request the examples' curl sends and every answer, through a recording
		// proxy, checked against docs/api/ like the other system tests' traffic.
		proxy = RecordingProxy.start(contract);
		shell = new ReadmeShell(REPOSITORY, shellDirectory, ports(), proxy.environment());
	}

	/**
	 * Starts the user-service instances the last drill stopped, and waits until the
	 * gateway routes to each again: the next class shares this platform. Then
	 * {@link SharedPlatforms} checks every exchange the proxy recorded against the API
	 * documents.
	 */
	@AfterAll
	static void restartStoppedInstancesAndCloseTheProxy() {
		try {
			restartStoppedInstances();
		}
		finally {
			if (proxy != null) {
				proxy.close();
			}
		}
	}

	private static void restartStoppedInstances() {
		if (stopped.isEmpty()) {
			return;
		}
		platform.startAll(stopped);
		PlatformClient client = new PlatformClient(platform);
		Set<String> servedBy = new HashSet<>();
		// The admin logs in inside the condition: until the gateway's registry view lists
		// a restarted instance, the login itself is a 503 ("No instance of
		// user-service").
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptionsInstanceOf(IllegalStateException.class)
			.until(() -> {
				ApiResponse response = client.admin().get("/api/users?page=0&size=1");
				if (response.status() == 200) {
					servedBy.add(response.servedBy());
				}
				return servedBy.containsAll(platform.instancesOf("user-service"));
			});
	}

	/** The Ports table of docs/local-run.md, mapped to this run's. */
	private static Map<Integer, Integer> ports() {
		PostgresServer postgres = platform.infrastructure().postgres();
		Map<Integer, Integer> ports = new HashMap<>();
		ports.put(8080, platform.gatewayUri().getPort());
		ports.put(8079, platform.gatewayManagementUri().getPort());
		ports.put(8761, platform.discoveryUri().getPort());
		for (int i = 1; i <= 2; i++) {
			ports.put(8080 + i, platform.portOf("user-service-" + i));
			ports.put(8180 + i, platform.managementPortOf("user-service-" + i));
			ports.put(8090 + i, platform.portOf("order-service-" + i));
			ports.put(8190 + i, platform.managementPortOf("order-service-" + i));
		}
		ports.put(15432, postgres.port());
		ports.put(15433, postgres.replica().port());
		ports.put(19092, URI.create("kafka://" + platform.infrastructure().kafka().bootstrapServers()).getPort());
		ports.put(16379, platform.infrastructure().redis().port());
		return ports;
	}

	@Test
	@Order(1)
	void apiExamplesRegisterLogInOrderAndShowProblemDetails() {
		ReadmeShell.Result walk = shell.run(shell.example("README.md", 0));
		assertThat(walk.out()).as(walk.toString())
			.contains("\"name\":\"Ada Lovelace\"")
			.contains("{\"products\":[{\"sku\":\"BOOK-1\"")
			.contains("\"total\":61.47")
			.contains("\"orderCount\":1");

		// docs/api.md goes on from the walk's user and order.
		ReadmeShell.Result result = shell.run(shell.example("docs/api.md", 0));
		assertThat(result.out()).as(result.toString())
			.contains("\"status\":\"CANCELLED\"")
			.contains("\"name\":\"Ada King\"")
			// the price change: the product's new price, the walk's order at the old one,
			// a new order at the new one (2 x 1.75)
			.contains("\"sku\":\"PEN\",\"name\":\"Gel Pen\"")
			.contains("\"price\":1.75")
			.contains("\"sku\":\"PEN\",\"quantity\":1,\"unitPrice\":1.50")
			.contains("\"total\":3.50")
			// a client-sent price, an unknown SKU
			.contains("Unknown field 'items[0].unitPrice'.")
			.contains("Unknown SKU(s): NO-SUCH-THING")
			// invalid input, no token, no such user (someone else's or none)
			.contains("\"status\":400")
			.contains("\"status\":401")
			.contains("\"status\":404");
		List<String> servedBy = SERVED_BY.matcher(result.out()).results().map((match) -> match.group(1)).toList();
		assertThat(servedBy).as("round robin in %s", result).hasSize(4);
		assertThat(servedBy.stream().distinct()).as("round robin in %s", result).hasSize(2);

		// Each request's path, in the headers of two reads of the user just renamed.
		ReadmeShell.Result path = shell.run(shell.example("docs/api.md", 1));
		assertThat(path.out().toLowerCase(Locale.ROOT)).as(path.toString())
			.contains("x-gateway-route: user-service")
			.contains("x-gateway-retries: 0")
			.contains("x-served-by: user-service:")
			.contains("x-cache: users=hit")
			.contains("x-trace-id: ");
	}

	// Shares its place in the order with the API examples: it depends on nothing they
	// set.
	@Test
	@Order(1)
	void cachingExampleShowsCatalogReadsHittingTheCache() {
		ReadmeShell.Result result = shell.run(shell.example("docs/caching.md", 0));

		assertThat(result.out()).as(result.toString())
			.containsPattern("(?m)^cache_gets_total\\{.*cache=\"products\".*result=\"hit\".*\\} [1-9]");
	}

	@Test
	@Order(2)
	void securityExamplesRejectStrangersAndLetTheAdministratorIn() {
		ReadmeShell.Result result = shell.run(shell.example("docs/security.md", 0));

		assertThat(result.out()).as(result.toString())
			.containsPattern("(?i)HTTP/1.1 401")
			.containsPattern("(?i)www-authenticate: Bearer")
			.contains("admin@platform.local")
			.contains("\"keys\":[")
			.contains("401 401 401 401 401 401 429")
			.contains("413\n")
			.contains("\"status\":\"UP\"");
		// The bad token directly at an instance, then its traffic port's actuator: no
		// answer but 401 and 404.
		assertThat(result.out().lines().filter((line) -> line.matches("\\d{3}")).toList()).containsExactly("401", "413",
				"404");
	}

	@Test
	@Order(3)
	void messagingExamplesShowTheOutboxAndReplayDeadLetters() {
		ReadmeShell.Result outbox = shell.run(shell.example("docs/messaging.md", 0));
		assertThat(outbox.out()).as(outbox.toString())
			.containsPattern("(?m)^messaging_outbox_backlog_events\\{.*\\} \\d")
			.containsPattern("(?m)^messaging_outbox_oldest_age_seconds\\{.*\\} \\d");

		// Kafka's command-line tools are not installed here (the broker runs inside the
		// platform's JVM): the example's first command is left out.
		String replay = shell.example("docs/messaging.md", 2);
		String withoutConsole = replay.substring(replay.indexOf("ADMIN_TOKEN="));
		assertThat(replay).startsWith("kafka-console-consumer.sh");
		ReadmeShell.Result replayed = shell.run(withoutConsole);
		assertThat(replayed.out()).as(replayed.toString())
			.contains("\"topic\":\"order-events\"")
			.contains("\"topic\":\"user-events\"")
			.contains("\"replayed\":");
	}

	@Test
	@Order(4)
	void messagingSqlExamplesShowTheOutboxRows() {
		OsPackages.require("psql");
		ReadmeShell.Result outbox = shell.run(shell.example("docs/messaging.md", 1));

		assertThat(outbox.out()).as(outbox.toString()).contains("waiting").contains("event_type").contains("(1 row)");
	}

	@Test
	@Order(5)
	void replicationExamplesShowEachConsistencyModel() {
		OsPackages.require("psql");
		ReadmeShell.Result result = shell.run(shell.example("docs/replication.md", 0));

		assertThat(result.out()).as(result.toString())
			.contains("consistency token ")
			.contains("eventual:         404")
			.contains("read-your-writes: 200")
			.contains("strong:           200")
			.contains("db_reads_total{")
			.contains("db_read_your_writes_fallbacks_total");
		assertThat(platform.infrastructure().postgres().replica().isReplayPaused()).isFalse();
	}

	@Test
	@Order(6)
	void idempotencyExampleGivesOneOrderAndTheSameAnswerTwice() {
		ReadmeShell.Result result = shell.run(shell.example("docs/resilience.md", 0));

		assertThat(result.out().lines().filter((line) -> line.startsWith("HTTP/"))).as(result.toString())
			.containsExactly("HTTP/1.1 201 Created", "HTTP/1.1 201 Created");
		List<String> locations = result.out().lines().filter((line) -> line.startsWith("Location:")).toList();
		assertThat(locations).hasSize(2);
		assertThat(locations.getFirst()).isEqualTo(locations.getLast());
		assertThat(result.out()).containsOnlyOnce("Idempotent-Replayed: true");
	}

	@Test
	@Order(7)
	void faultInjectionDrillSlowsOneInstanceAndHealsIt() {
		ReadmeShell.Result result = shell.run(shell.example("docs/resilience.md", 2));

		assertThat(result.out()).as(result.toString()).contains("\"latency\":\"PT2S\"");
		Matcher elapsed = ELAPSED.matcher(result.err());
		assertThat(elapsed.find()).as(result.toString()).isTrue();
		double seconds = Integer.parseInt(elapsed.group(1)) * 60 + Double.parseDouble(elapsed.group(2));
		assertThat(seconds).as("the slowed request").isGreaterThanOrEqualTo(2.0);
		assertThat(shell
			.run(("curl -s -K .platform/secrets/tls/operator/curlrc https://localhost:%d/api/admin/faults "
					+ "-H \"Authorization: Bearer $ADMIN_TOKEN\"")
				.formatted(platform.portOf("user-service-1")))
			.out()).contains("\"latency\":\"PT0S\"");
	}

	/** Last: it stops every user-service instance. */
	@Test
	@Order(8)
	void userCheckDrillAcceptsOrdersDegradedWithoutUserService() {
		stopped = platform.instanceNames()
			.stream()
			.filter((name) -> name.startsWith("user-service-") && platform.isHealthy(name))
			.toList();
		platform.stopAll(stopped);

		ReadmeShell.Result result = shell.run(shell.example("docs/resilience.md", 1));

		assertThat(result.out()).as(result.toString())
			.contains("HTTP/1.1 201")
			.containsPattern("(?i)x-user-check: degraded")
			.contains("resilience4j_circuitbreaker_state{");
	}

}
