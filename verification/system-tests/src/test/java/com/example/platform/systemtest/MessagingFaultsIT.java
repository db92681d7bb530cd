package com.example.platform.systemtest;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.example.platform.local.ApiResponse;
import com.example.platform.local.ApiSession;
import com.example.platform.local.LocalPlatform;
import com.example.platform.local.PlatformClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Broker and process faults against the whole platform, judged by the databases: every
 * order order-service committed must be applied exactly once by user-service. The
 * duplicate, reordering and poison-message cases are proven closer to the code, in
 * user-service's {@code OrderStatsIT}, order-service's {@code UserProjectionIT} and
 * messaging-support's {@code MessagingIT}.
 */
@SharedPlatform(SharedPlatform.Kind.DISRUPTED)
@Order(4)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MessagingFaultsIT {

	// Seeded by order-service's catalog migration.
	private static final List<String> CATALOG = List.of("BOOK-1", "BOOK-2", "PEN", "MUG", "STICKERS");

	private static final Duration CATCH_UP = Duration.ofSeconds(90);

	// Orders placed while Kafka is down: the outbox holds them all, and each is
	// published and applied once after it is back.
	private static final int OUTAGE_ORDERS = 400;

	private static LocalPlatform platform;

	private static PlatformClient client;

	@BeforeAll
	static void connect(LocalPlatform shared, PlatformClient checked) {
		platform = shared;
		// Every request and answer of this class is checked against docs/api/.
		client = checked;
	}

	// Measured in the database: from the outbox insert (inside the placing transaction,
	// so before commit) to the row being marked published after Kafka's acknowledgement.
	@Test
	@Order(1)
	void publishesOrdersWithinMillisecondsOfTheirCommit() throws Exception {
		List<ApiSession> users = registerUsers(4);
		// Warm-up, not measured: the first sends of each instance fetch topic metadata
		// and
		// open connections, which is start-up cost, not publishing latency.
		placeOrders(users, 40, 4, new AtomicInteger());
		// This test is about publishing latency; an order refused under load (e.g. the
		// user check timing out on a starved CI machine) is reported, not a failure of
		// it.
		List<String> orders = placeOrders(users, 200, 4, new AtomicInteger());
		assertThat(orders).hasSizeGreaterThanOrEqualTo(196);

		await().atMost(CATCH_UP).until(() -> unpublished(orders) == 0);
		double[] latency = queryDoubles("order_service",
				"select percentile_cont(0.5) within group (order by ms), percentile_cont(0.99) within group (order by ms) "
						+ "from (select extract(epoch from published_at - created_at) * 1000 as ms "
						+ "from messaging_outbox where message_key = any(?)) latencies",
				orders);
		System.out.printf("Outbox append -> acknowledged publish, %d orders at 4 concurrent clients: "
				+ "p50 %.1f ms, p99 %.1f ms%n", orders.size(), latency[0], latency[1]);
		// The target is a p99 under 100 ms on an idle machine; these bounds only prove
		// the
		// after-commit wake-up (the sweep alone would put the median near 500 ms) and
		// leave room for a busy 2-core CI machine.
		assertThat(latency[0]).isLessThan(250);
		assertThat(latency[1]).isLessThan(2000);
		awaitAppliedExactlyOnce(users);
	}

	@Test
	@Order(2)
	void deliversEveryOrderPlacedWhileKafkaWasDownExactlyOnce() throws Exception {
		List<ApiSession> users = registerUsers(10);
		platform.infrastructure().kafka().stop();
		Instant stopped = Instant.now();
		List<String> orders;
		try {
			orders = placeOrders(users, OUTAGE_ORDERS, 8);
			assertThat(orders).hasSize(OUTAGE_ORDERS);
			assertThat(unpublished(orders)).isEqualTo(OUTAGE_ORDERS);
			Duration down = Duration.between(stopped, Instant.now());
			if (down.compareTo(Duration.ofSeconds(10)) < 0) {
				await().pollDelay(Duration.ofSeconds(10).minus(down)).until(() -> true);
			}
			System.out.printf("Kafka down for %d s while %d orders were placed%n",
					Duration.between(stopped, Instant.now()).toSeconds(), orders.size());
		}
		finally {
			platform.infrastructure().kafka().start();
		}

		await().atMost(CATCH_UP).until(() -> unpublished(orders) == 0);
		awaitAppliedExactlyOnce(users);
	}

	@Test
	@Order(3)
	void losesNothingAndAppliesNothingTwiceWhenAnOrderServiceInstanceIsKilledWhilePublishing() throws Exception {
		List<ApiSession> users = registerUsers(5);
		String victim = "order-service-1";
		AtomicInteger placed = new AtomicInteger();
		Thread killer = Thread.ofVirtual().start(() -> {
			await().atMost(Duration.ofSeconds(60)).until(() -> placed.get() >= 150);
			platform.kill(victim);
		});
		// Requests the killed instance was serving fail; those it committed still count.
		placeOrders(users, 400, 8, placed);
		killer.join();

		awaitAppliedExactlyOnce(users);
		platform.start(victim);
		// The kill's failed orders opened the gateway's breaker for the order route (open
		// for 10 s): the next test starts once orders are served again.
		ApiSession user = users.getFirst();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> IntStream.range(0, 10).allMatch((i) -> user.get("/api/orders").status() == 200));
	}

	@Test
	@Order(4)
	void catchesUpAfterItsInstancesWereStopped() throws Exception {
		List<ApiSession> users = registerUsers(3);
		List<String> orders = placeOrders(users, 60, 4);
		awaitAppliedExactlyOnce(users);
		List<String> consumers = platform.instanceNames()
			.stream()
			.filter((name) -> name.startsWith("user-service-") && platform.isHealthy(name))
			.toList();
		platform.stopAll(consumers);
		try {
			// Cancelling needs only order-service (and the tokens the users already
			// hold):
			// the events wait in Kafka meanwhile.
			for (int i = 0; i < 40; i++) {
				ApiSession owner = users.get(i % users.size());
				ApiResponse cancelled = owner.post("/api/orders/" + orders.get(i) + "/cancel", "");
				assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
			}
			await().atMost(CATCH_UP).until(() -> unpublished(orders) == 0);
		}
		finally {
			platform.startAll(consumers);
		}

		awaitAppliedExactlyOnce(users);
		assertThat(querySingle("user_service",
				"select coalesce(sum(order_count), 0) from users where id = any(?::uuid[])", ids(users)))
			.isEqualByComparingTo("20");
	}

	/**
	 * The consumer's figures for these users equal the producer's: every order once in
	 * user-service's projection and inbox, counts and totals of placed orders equal.
	 */
	private static void awaitAppliedExactlyOnce(List<ApiSession> sessions) throws SQLException {
		List<String> users = ids(sessions);
		await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			BigDecimal orders = querySingle("order_service",
					"select count(*) from orders where user_id = any(?::uuid[])", users);
			BigDecimal placed = querySingle("order_service",
					"select count(*) from orders where status = 'PLACED' and user_id = any(?::uuid[])", users);
			BigDecimal spent = querySingle("order_service",
					"select coalesce(sum(total), 0) from orders where status = 'PLACED' and user_id = any(?::uuid[])",
					users);
			assertThat(querySingle("user_service", "select count(*) from order_stats where user_id = any(?::uuid[])",
					users))
				.as("orders known to user-service")
				.isEqualByComparingTo(orders);
			assertThat(querySingle("user_service",
					"select coalesce(sum(order_count), 0) from users where id = any(?::uuid[])", users))
				.as("orderCount")
				.isEqualByComparingTo(placed);
			assertThat(querySingle("user_service",
					"select coalesce(sum(total_spent), 0) from users where id = any(?::uuid[])", users))
				.as("totalSpent")
				.isEqualByComparingTo(spent);
		});
		BigDecimal events = querySingle("order_service", "select count(*) from messaging_outbox where message_key in "
				+ "(select id::text from orders where user_id = any(?::uuid[]))", users);
		BigDecimal applied = querySingle("user_service",
				"select count(*) from messaging_inbox where event_id = any(?::uuid[])",
				queryStrings("order_service", "select event_id::text from messaging_outbox where message_key in "
						+ "(select id::text from orders where user_id = any(?::uuid[]))", users));
		assertThat(applied).as("events applied, each once").isEqualByComparingTo(events);
	}

	private static List<ApiSession> registerUsers(int count) {
		List<ApiSession> users = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			users.add(client.register("faults"));
		}
		return users;
	}

	private static List<String> ids(List<ApiSession> users) {
		return users.stream().map(ApiSession::userId).toList();
	}

	private static List<String> placeOrders(List<ApiSession> users, int count, int concurrency) throws Exception {
		List<String> orders = placeOrders(users, count, concurrency, new AtomicInteger());
		assertThat(orders).hasSize(count);
		return orders;
	}

	// Places orders from several clients at once, each user for themselves; returns the
	// ids of those answered 201.
	private static List<String> placeOrders(List<ApiSession> users, int count, int concurrency, AtomicInteger placed)
			throws Exception {
		Semaphore clients = new Semaphore(concurrency);
		List<Future<String>> results = new ArrayList<>();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < count; i++) {
				ApiSession user = users.get(i % users.size());
				// Several products and quantities, so the totals compared below differ.
				String sku = CATALOG.get(i % CATALOG.size());
				int quantity = 1 + i % 7;
				results.add(executor.submit(() -> {
					clients.acquire();
					try {
						ApiResponse response = user.post("/api/orders", """
								{"userId":"%s","items":[{"sku":"%s","quantity":%d}]}
								""".formatted(user.userId(), sku, quantity));
						placed.incrementAndGet();
						if (response.status() != 201) {
							System.out.printf("Order refused: %d %s%n", response.status(), response.body());
							return null;
						}
						return response.id();
					}
					catch (IllegalStateException ex) {
						return null;
					}
					finally {
						clients.release();
					}
				}));
			}
		}
		List<String> orders = new ArrayList<>();
		for (Future<String> result : results) {
			if (result.get() != null) {
				orders.add(result.get());
			}
		}
		return orders;
	}

	private static long unpublished(List<String> orders) throws SQLException {
		return querySingle("order_service",
				"select count(*) from messaging_outbox where published_at is null and message_key = any(?)", orders)
			.longValue();
	}

	private static Connection connect(String database) throws SQLException {
		// The embedded server trusts its superuser on loopback; tests read both
		// databases.
		return platform.infrastructure().postgres().connectAsSuperuser(database);
	}

	private static BigDecimal querySingle(String database, String sql, List<String> values) throws SQLException {
		try (Connection connection = connect(database);
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setArray(1, connection.createArrayOf("text", values.toArray()));
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBigDecimal(1);
			}
		}
	}

	private static double[] queryDoubles(String database, String sql, List<String> values) throws SQLException {
		try (Connection connection = connect(database);
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setArray(1, connection.createArrayOf("text", values.toArray()));
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return new double[] { result.getDouble(1), result.getDouble(2) };
			}
		}
	}

	private static List<String> queryStrings(String database, String sql, List<String> values) throws SQLException {
		try (Connection connection = connect(database);
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setArray(1, connection.createArrayOf("text", values.toArray()));
			List<String> strings = new ArrayList<>();
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					strings.add(result.getString(1));
				}
			}
			return strings;
		}
	}

}
