package com.example.platform.idempotency;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "platform.idempotency.replayed-headers=X-Widget-Check")
@WithEmbeddedInfrastructure
class IdempotencyIT {

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private Environment environment;

	@Autowired
	private IdempotencyTestApplication.Gate gate;

	@Autowired
	private IdempotencyTestApplication.WidgetController widgets;

	// The naive behaviour this module exists to prevent: a retried POST creates twice.
	@Test
	void withoutAKeyEveryRepeatTakesEffect() throws Exception {
		String name = unique();

		assertThat(post("/api/widgets", null, body(name)).statusCode()).isEqualTo(201);
		assertThat(post("/api/widgets", null, body(name)).statusCode()).isEqualTo(201);

		assertThat(widgetsNamed(name)).isEqualTo(2);
	}

	@Test
	void repeatWithTheSameKeyAndBodyReplaysTheOriginalResponseWithoutASecondEffect() throws Exception {
		String name = unique();
		String key = UUID.randomUUID().toString();
		double replaysBefore = counter("platform.idempotency.replays", null);

		HttpResponse<String> original = post("/api/widgets", key, body(name));
		HttpResponse<String> repeat = post("/api/widgets", key, body(name));

		assertThat(original.statusCode()).isEqualTo(201);
		assertThat(original.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
		assertThat(repeat.statusCode()).isEqualTo(201);
		assertThat(repeat.body()).isEqualTo(original.body()).contains(name);
		assertThat(repeat.headers().firstValue("Location")).isEqualTo(original.headers().firstValue("Location"))
			.isPresent();
		assertThat(repeat.headers().firstValue("Content-Type"))
			.isEqualTo(original.headers().firstValue("Content-Type"));
		// A header the API promises (platform.idempotency.replayed-headers) comes back
		// too.
		assertThat(repeat.headers().firstValue("X-Widget-Check"))
			.isEqualTo(original.headers().firstValue("X-Widget-Check"))
			.isPresent();
		assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
		assertThat(widgetsNamed(name)).isEqualTo(1);
		assertThat(counter("platform.idempotency.replays", null)).isEqualTo(replaysBefore + 1);
	}

	@Test
	void theSameKeyWithAnotherBodyIsRefusedWith422() throws Exception {
		String name = unique();
		String key = UUID.randomUUID().toString();
		double before = counter("platform.idempotency.conflicts", "mismatch");
		post("/api/widgets", key, body(name));

		HttpResponse<String> other = post("/api/widgets", key, body(name + "-changed"));

		assertThat(other.statusCode()).isEqualTo(422);
		assertThat(other.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(other.body()).contains("different request body");
		assertThat(widgetsNamed(name) + widgetsNamed(name + "-changed")).isEqualTo(1);
		assertThat(counter("platform.idempotency.conflicts", "mismatch")).isEqualTo(before + 1);
	}

	@Test
	void aDuplicateWhileTheFirstStillRunsIs409WithRetryAfterAndThenReplays() throws Exception {
		String name = unique();
		String key = UUID.randomUUID().toString();
		double before = counter("platform.idempotency.conflicts", "in-progress");
		this.gate.latch = new CountDownLatch(1);
		int entered = this.gate.entered.get();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<HttpResponse<String>> first = executor.submit(() -> post("/api/widgets/slow", key, body(name)));
			await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.entered.get() > entered);

			HttpResponse<String> duplicate = post("/api/widgets/slow", key, body(name));
			this.gate.latch.countDown();

			assertThat(duplicate.statusCode()).isEqualTo(409);
			assertThat(duplicate.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(duplicate.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(first.get().statusCode()).isEqualTo(201);
		}
		HttpResponse<String> later = post("/api/widgets/slow", key, body(name));

		assertThat(later.statusCode()).isEqualTo(201);
		assertThat(later.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
		assertThat(widgetsNamed(name)).isEqualTo(1);
		assertThat(counter("platform.idempotency.conflicts", "in-progress")).isEqualTo(before + 1);
	}

	@Test
	void aServerErrorReleasesTheKeySoTheRetryRuns() throws Exception {
		String name = unique();
		String key = UUID.randomUUID().toString();

		assertThat(post("/api/widgets/unavailable-once", key, body(name)).statusCode()).isEqualTo(503);
		HttpResponse<String> retry = post("/api/widgets/unavailable-once", key, body(name));

		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
		assertThat(widgetsNamed(name)).isEqualTo(1);
	}

	// Seen under load at startup: the release's delete could get no pooled connection,
	// and the exception replaced the service's 503 with a 500. A trigger makes the delete
	// fail here.
	@Test
	void aReleaseThatFailsKeepsTheServicesAnswerAndTheRetryTakesTheKeyOver() throws Exception {
		String name = unique();
		String key = "refuse-release-" + UUID.randomUUID();
		this.jdbc.sql("""
				create or replace function refuse_release() returns trigger language plpgsql as $$
				begin raise exception 'the release is refused, as the test asks'; end $$""").update();
		this.jdbc.sql("""
				create trigger refuse_release before delete on idempotency_keys for each row
				when (old.idempotency_key like 'refuse-release-%') execute function refuse_release()""").update();
		HttpResponse<String> refused;
		try {
			refused = post("/api/widgets/unavailable-once", key, body(name));
		}
		finally {
			this.jdbc.sql("drop trigger refuse_release on idempotency_keys").update();
		}
		HttpResponse<String> retry = post("/api/widgets/unavailable-once", key, body(name));

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
		assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
		assertThat(widgetsNamed(name)).isEqualTo(1);
	}

	@Test
	void anExceptionReleasesTheKeySoTheRetryRuns() throws Exception {
		String name = unique();
		String key = UUID.randomUUID().toString();

		assertThat(post("/api/widgets/throws-once", key, body(name)).statusCode()).isEqualTo(500);
		HttpResponse<String> retry = post("/api/widgets/throws-once", key, body(name));

		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(widgetsNamed(name)).isEqualTo(1);
	}

	@Test
	void aFinalClientErrorIsReplayedLikeASuccess() throws Exception {
		String name = unique();
		String key = UUID.randomUUID().toString();

		HttpResponse<String> original = post("/api/widgets/rejected", key, body(name));
		HttpResponse<String> repeat = post("/api/widgets/rejected", key, body(name));

		assertThat(original.statusCode()).isEqualTo(400);
		assertThat(repeat.statusCode()).isEqualTo(400);
		assertThat(repeat.body()).isEqualTo(original.body());
		assertThat(repeat.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
		assertThat(this.widgets.attemptsOf(name)).isEqualTo(1);
	}

	@Test
	void keysAreScopedPerCallerAndPerEndpoint() throws Exception {
		String name = unique();
		String key = UUID.randomUUID().toString();

		List<HttpResponse<String>> responses = List.of(post("/api/widgets", key, body(name), null),
				post("/api/widgets", key, body(name), "alice"), post("/api/widgets", key, body(name), "bob"),
				post("/api/widgets/other", key, body(name), "alice"));
		HttpResponse<String> aliceAgain = post("/api/widgets", key, body(name), "alice");

		assertThat(responses).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(201);
			assertThat(response.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
		});
		assertThat(aliceAgain.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
		assertThat(aliceAgain.body()).isEqualTo(responses.get(1).body());
		assertThat(widgetsNamed(name)).isEqualTo(4);
		assertThat(keyCallers(key)).containsExactlyInAnyOrder(Callers.ANONYMOUS, "alice", "bob", "alice");
	}

	@Test
	void malformedKeysAreRefusedWith400AndNoEffect() throws Exception {
		String name = unique();

		for (String key : List.of("", "x".repeat(256), "two words", "tab\tinside")) {
			HttpResponse<String> response = post("/api/widgets", key, body(name));

			assertThat(response.statusCode()).as("key '%s'", key).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("Idempotency-Key must be 1 to 255 visible ASCII characters");
		}
		assertThat(post("/api/widgets", "k".repeat(255), body(name)).statusCode()).isEqualTo(201);
		assertThat(widgetsNamed(name)).isEqualTo(1);
	}

	@Test
	void anExpiredKeyStartsAfreshEvenWithAnotherBody() throws Exception {
		String name = unique();
		String key = UUID.randomUUID().toString();
		post("/api/widgets", key, body(name));
		this.jdbc
			.sql("update idempotency_keys set expires_at = now() - interval '1 second'"
					+ " where idempotency_key = :key")
			.param("key", key)
			.update();

		HttpResponse<String> reused = post("/api/widgets", key, body(name + "-new"));

		assertThat(reused.statusCode()).isEqualTo(201);
		assertThat(reused.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
		assertThat(widgetsNamed(name + "-new")).isEqualTo(1);
	}

	@Test
	void housekeepingDeletesExpiredKeysOnly() {
		String expired = UUID.randomUUID().toString();
		String live = UUID.randomUUID().toString();
		insertKey(expired, "anything".getBytes(StandardCharsets.UTF_8), "now()", "now() - interval '1 second'");
		insertKey(live, "anything".getBytes(StandardCharsets.UTF_8), "now()", "now() + interval '1 hour'");

		await().atMost(Duration.ofSeconds(10)).until(() -> keyCallers(expired).isEmpty());
		assertThat(keyCallers(live)).hasSize(1);
	}

	// The owner is another instance, in a JVM of its own, holding the key as a running
	// request does. However old its claim, it blocks while the owner lives; once the
	// owner is killed (SIGKILL: no shutdown, the kernel closes its connections) the next
	// retry takes the key over.
	@Test
	void aLiveOwnersKeyBlocksAndAKilledOwnersIsTakenOverOnTheNextRetry() throws Exception {
		String name = unique();
		String key = UUID.randomUUID().toString();
		byte[] body = body(name).getBytes(StandardCharsets.UTF_8);
		double takeoversBefore = this.meters.get("platform.idempotency.takeovers").counter().count();
		Process owner = startOwner(lockOf("/api/widgets", key, body));
		try {
			insertKey(key, body, "now() - interval '2 minutes'", "now() + interval '1 hour'");

			HttpResponse<String> blocked = post("/api/widgets", key, body(name));

			assertThat(blocked.statusCode()).isEqualTo(409);
			assertThat(blocked.headers().firstValue("Retry-After")).hasValue("1");
		}
		finally {
			owner.destroyForcibly().waitFor();
		}
		// A client honouring Retry-After: 1, for at most 5 s.
		HttpResponse<String> retried = await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofSeconds(1))
			.pollDelay(Duration.ZERO)
			.until(() -> post("/api/widgets", key, body(name)), (response) -> response.statusCode() != 409);

		assertThat(retried.statusCode()).isEqualTo(201);
		assertThat(retried.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).isEmpty();
		assertThat(this.meters.get("platform.idempotency.takeovers").counter().count()).isEqualTo(takeoversBefore + 1);
		assertThat(post("/api/widgets", key, body(name)).headers().firstValue(IdempotencyFilter.REPLAYED_HEADER))
			.hasValue("true");
		assertThat(widgetsNamed(name)).isEqualTo(1);
	}

	// Left behind by an instance that died while running the request: many retries,
	// on two instances at once, and the request still runs once.
	@Test
	void retriesRacingForADeadOwnersKeyTakeEffectOnce() throws Exception {
		String name = unique();
		String key = UUID.randomUUID().toString();
		insertKey(key, body(name).getBytes(StandardCharsets.UTF_8), "now()", "now() + interval '1 hour'");

		List<HttpResponse<String>> responses = raceOnTwoInstances(key, name);

		assertThat(responses).extracting(HttpResponse::statusCode).isSubsetOf(201, 409);
		assertThat(responses)
			.filteredOn((response) -> response.statusCode() == 201
					&& response.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER).isEmpty())
			.hasSize(1);
		assertThat(widgetsNamed(name)).isEqualTo(1);
	}

	// Documented limit: bodies above platform.idempotency.max-body-size (1KB here) are
	// not
	// remembered, whether their length is declared or they arrive chunked.
	@Test
	void bodiesAboveTheCapPassThroughWithoutIdempotency() throws Exception {
		String name = unique() + "-" + "x".repeat(1100);
		String key = UUID.randomUUID().toString();

		assertThat(post("/api/widgets", key, body(name)).statusCode()).isEqualTo(201);
		assertThat(post("/api/widgets", key, body(name)).statusCode()).isEqualTo(201);
		HttpResponse<String> chunked = http.send(request(this.port, "/api/widgets", key, null)
			.POST(HttpRequest.BodyPublishers
				.ofInputStream(() -> new ByteArrayInputStream(body(name).getBytes(StandardCharsets.UTF_8))))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(chunked.statusCode()).isEqualTo(201);
		assertThat(widgetsNamed(name)).isEqualTo(3);
		assertThat(keyCallers(key)).isEmpty();
	}

	@Test
	void twoInstancesRacingTheSameKeyTakeEffectOnce() throws Exception {
		String name = unique();
		String key = UUID.randomUUID().toString();

		List<HttpResponse<String>> responses = raceOnTwoInstances(key, name);

		// 409 while the first is in flight, a replayed 201 after it finished: which
		// of the two the others see depends on timing.
		assertThat(responses).extracting(HttpResponse::statusCode).isSubsetOf(201, 409);
		assertThat(responses)
			.filteredOn((response) -> response.statusCode() == 201
					&& response.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER).isEmpty())
			.hasSize(1);
		HttpResponse<String> replayed = post("/api/widgets", key, body(name));
		assertThat(replayed.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER)).hasValue("true");
		assertThat(widgetsNamed(name)).isEqualTo(1);
	}

	// 16 requests with one key and body, half to this instance and half to a second one,
	// released together.
	private List<HttpResponse<String>> raceOnTwoInstances(String key, String name) throws Exception {
		try (ConfigurableApplicationContext second = startSecondInstance();
				ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			int secondPort = second.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> racing = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				int target = (i % 2 == 0) ? this.port : secondPort;
				racing.add(executor.submit(() -> {
					start.await();
					return http.send(request(target, "/api/widgets", key, null).POST(publisher(body(name))).build(),
							HttpResponse.BodyHandlers.ofString());
				}));
			}
			start.countDown();
			List<HttpResponse<String>> responses = new ArrayList<>();
			for (Future<HttpResponse<String>> response : racing) {
				responses.add(response.get());
			}
			return responses;
		}
	}

	private Process startOwner(long lock) throws Exception {
		Process owner = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), ClaimHolder.class.getName(),
				this.environment.getRequiredProperty("spring.datasource.url"),
				this.environment.getRequiredProperty("spring.datasource.username"),
				this.environment.getRequiredProperty("spring.datasource.password"), String.valueOf(lock))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
		String line = output.readLine();
		if (!ClaimHolder.LOCKED.equals(line)) {
			owner.destroyForcibly();
			throw new IllegalStateException("The owner did not take the key: " + line);
		}
		return owner;
	}

	private static long lockOf(String path, String key, byte[] body) {
		return IdempotencyKeys
			.lockOf(new IdempotentRequest(Callers.ANONYMOUS, "POST", path, key, IdempotencyFilter.sha256(body)));
	}

	private ConfigurableApplicationContext startSecondInstance() {
		return new SpringApplicationBuilder(IdempotencyTestApplication.class)
			.properties("server.port=0",
					"spring.datasource.url=" + this.environment.getRequiredProperty("spring.datasource.url"),
					"spring.datasource.username=" + this.environment.getRequiredProperty("spring.datasource.username"),
					"spring.datasource.password=" + this.environment.getRequiredProperty("spring.datasource.password"))
			.run();
	}

	private void insertKey(String key, byte[] body, String lockedAt, String expiresAt) {
		this.jdbc.sql("insert into idempotency_keys (caller, method, path, idempotency_key, request_hash, attempt,"
				+ " status, locked_at, expires_at) values ('anonymous', 'POST', '/api/widgets', :key, :hash, :attempt,"
				+ " 'IN_PROGRESS', " + lockedAt + ", " + expiresAt + ")")
			.param("key", key)
			.param("hash", IdempotencyFilter.sha256(body))
			.param("attempt", UUID.randomUUID())
			.update();
	}

	private List<String> keyCallers(String key) {
		return this.jdbc.sql("select caller from idempotency_keys where idempotency_key = :key")
			.param("key", key)
			.query(String.class)
			.list();
	}

	private long widgetsNamed(String name) {
		return this.jdbc.sql("select count(*) from widgets where name = :name")
			.param("name", name)
			.query(Long.class)
			.single();
	}

	private double counter(String name, String reason) {
		return (reason != null) ? this.meters.get(name).tag("reason", reason).counter().count()
				: this.meters.get(name).counter().count();
	}

	private HttpResponse<String> post(String path, String key, String body) throws Exception {
		return post(path, key, body, null);
	}

	private HttpResponse<String> post(String path, String key, String body, String user) throws Exception {
		return http.send(request(this.port, path, key, user).POST(publisher(body)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest.Builder request(int port, String path, String key, String user) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30));
		if (key != null) {
			request.header(IdempotencyFilter.KEY_HEADER, key);
		}
		if (user != null) {
			String credentials = user + ":" + IdempotencyTestApplication.PASSWORD;
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return request;
	}

	private static HttpRequest.BodyPublisher publisher(String body) {
		return HttpRequest.BodyPublishers.ofString(body);
	}

	private static String body(String name) {
		return "{\"name\":\"" + name + "\"}";
	}

	private static String unique() {
		return "widget-" + UUID.randomUUID();
	}

}
