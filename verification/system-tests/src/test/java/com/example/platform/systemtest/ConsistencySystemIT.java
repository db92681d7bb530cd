package com.example.platform.systemtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.example.platform.infra.PostgresReplica;
import com.example.platform.local.ApiResponse;
import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read-your-writes through the gateway, against the whole platform with its PostgreSQL
 * primary and streaming replica. The replica's replay is paused, so every read it serves
 * is stale: with the consistency token no client sees that, without it they do. Users
 * register themselves (public); the reads are the administrator's, whose token is
 * obtained before the pause. The disrupted platform keeps a lagging replica in read
 * rotation ({@link SharedPlatforms}), as this test needs.
 */
@SharedPlatform(SharedPlatform.Kind.DISRUPTED)
@Order(2)
class ConsistencySystemIT {

	// Enough for the contrast (every read with the token fresh, reads without it stale
	// while the replica is paused); each pair registers a user, whose password hashing
	// is most of the class's time.
	private static final int PAIRS = 60;

	// Concurrent clients: each read with a token waits out the bound (100 ms) on the
	// paused replica, so sequential pairs would take half a minute.
	private static final int CLIENTS = 8;

	static LocalPlatform platform;

	static PlatformClient client;

	static ApiSession admin;

	@BeforeAll
	static void connect(LocalPlatform shared, PlatformClient checked) {
		platform = shared;
		// Every request and answer of this class is checked against docs/api/.
		client = checked;
		admin = client.admin();
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
		String userId = register().id();
		await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/users/" + userId).status() == 200);
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
					ApiResponse registered = register();
					String token = registered.header("X-Consistency-Token");
					String path = "/api/users/" + registered.id();
					ApiResponse response = presentToken ? admin.get(path, "X-Consistency-Token", token)
							: admin.get(path);
					assertThat(response.status()).as(response.body()).isIn(200, 404);
					return new Pair(token, response.status() == 404);
				}));
			}
			List<Pair> pairs = new ArrayList<>();
			for (Future<Pair> future : futures) {
				pairs.add(future.get());
			}
			return pairs;
		}
	}

	private static ApiResponse register() {
		ApiResponse response = client.anonymous().post("/api/users", """
				{"email":"%s@consistency.example.com","name":"Consistency Test","password":"pw-%s"}
				""".formatted(UUID.randomUUID(), UUID.randomUUID()));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response;
	}

	record Pair(String token, boolean stale) {

	}

}
