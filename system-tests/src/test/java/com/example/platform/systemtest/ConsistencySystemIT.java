package com.example.platform.systemtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.platform.infra.PostgresReplica;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read-your-writes through the gateway, against the whole platform with its PostgreSQL
 * primary and streaming replica. The replica's replay is paused, so every read it serves
 * is stale: with the consistency token no client sees that, without it they do.
 */
class ConsistencySystemIT {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	private static final int PAIRS = 200;

	// Concurrent clients: each read with a token waits out the bound (100 ms) on the
	// paused replica, so sequential pairs would take half a minute.
	private static final int CLIENTS = 8;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static LocalPlatform platform;

	@BeforeAll
	static void startPlatform() throws IOException {
		Path workDirectory = Files.createTempDirectory("platform-consistency-test-");
		platform = LocalPlatform.start(PlatformSettings.isolated(Path.of(".."), workDirectory,
				// The paused replica must stay in read rotation for the whole test, to
				// show what it serves; by default it would leave after 30 s of lag.
				"--jvm-options=" + String.join(" ", "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
						"-XX:TieredStopAtLevel=1", "-Dplatform.datasource.max-lag=10m")));
	}

	@AfterAll
	static void stopPlatform() {
		if (platform != null) {
			platform.close();
		}
	}

	@Test
	void readsWithTheTokenSeeEveryWriteAndReadsWithoutItDoNotWhileTheReplicaLags() throws Exception {
		PostgresReplica replica = platform.infrastructure().postgres().replica();
		replica.pauseReplay();
		try {
			List<Pair> withToken = pairs(true);
			assertThat(withToken).allSatisfy((pair) -> assertThat(pair.token()).isNotBlank());
			assertThat(withToken.stream().filter(Pair::stale).count()).as("stale reads with the token").isZero();

			List<Pair> withoutToken = pairs(false);
			long stale = withoutToken.stream().filter(Pair::stale).count();
			System.out.printf("Consistency through the gateway, replica paused: %d/%d stale with the token, "
					+ "%d/%d stale without%n", 0, PAIRS, stale, PAIRS);
			assertThat(stale).as("stale reads without the token: the replica is really read").isPositive();
		}
		finally {
			replica.resumeReplay();
		}
		String userId = register();
		await().atMost(Duration.ofSeconds(30)).until(() -> send(get(userId)).statusCode() == 200);
	}

	/**
	 * Registers a user, then reads it back through the gateway; a 404 is a stale read:
	 * the user exists on the primary, not (yet) on the replica.
	 */
	private static List<Pair> pairs(boolean presentToken) throws Exception {
		try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
			List<Future<Pair>> futures = new ArrayList<>();
			for (int i = 0; i < PAIRS; i++) {
				futures.add(clients.submit(() -> {
					HttpResponse<String> registered = send(register(UUID.randomUUID() + "@consistency.example.com"));
					assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
					String token = registered.headers().firstValue("X-Consistency-Token").orElse("");
					HttpRequest.Builder read = get(idOf(registered.body()));
					if (presentToken) {
						read.header("X-Consistency-Token", token);
					}
					HttpResponse<String> response = send(read);
					assertThat(response.statusCode()).as(response.body()).isIn(200, 404);
					return new Pair(token, response.statusCode() == 404);
				}));
			}
			List<Pair> pairs = new ArrayList<>();
			for (Future<Pair> future : futures) {
				pairs.add(future.get());
			}
			return pairs;
		}
	}

	private static String register() {
		HttpResponse<String> response = send(register(UUID.randomUUID() + "@consistency.example.com"));
		assertThat(response.statusCode()).isEqualTo(201);
		return idOf(response.body());
	}

	private static HttpRequest.Builder register(String email) {
		return HttpRequest.newBuilder(uri("/api/users"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("""
					{"email":"%s","name":"Consistency Test"}
					""".formatted(email)));
	}

	private static HttpRequest.Builder get(String userId) {
		return HttpRequest.newBuilder(uri("/api/users/" + userId)).GET();
	}

	private static String idOf(String body) {
		Matcher matcher = ID.matcher(body);
		assertThat(matcher.find()).as("id in " + body).isTrue();
		return matcher.group(1);
	}

	private static URI uri(String path) {
		return URI.create(platform.gatewayUri() + path);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	record Pair(String token, boolean stale) {

	}

}
