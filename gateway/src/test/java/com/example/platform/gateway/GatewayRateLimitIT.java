package com.example.platform.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.platform.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rate limiting against a real Redis. The token endpoint keeps its production limits
 * (5/s, burst 20); the per-user bucket is shrunk to 1/s, burst 5 so a test can empty it.
 * {@code trusted-proxies=1} lets each test act as its own client IP through
 * {@code X-Forwarded-For}, as behind one trusted proxy.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "eureka.client.enabled=false", "management.server.port=0",
				"platform.gateway.rate-limit.trusted-proxies=1",
				"platform.gateway.rate-limit.per-user.replenish-rate=1",
				"platform.gateway.rate-limit.per-user.burst-capacity=5" })
@AutoConfigureWebTestClient
class GatewayRateLimitIT extends StandInBackends {

	private static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private static final int PER_USER_BURST = 5;

	private static final AtomicInteger addresses = new AtomicInteger();

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@Test
	void throttlesPasswordGuessingFromOneAddressWithA429Problem() {
		String attacker = uniqueAddress();
		String victim = "victim-" + UUID.randomUUID() + "@example.com";
		int passed = 0;
		EntityExchangeResult<String> limited = null;
		// Burst 20 plus 5/s: 100 attempts would have to take 16 s to all pass.
		for (int attempt = 0; attempt < 100 && limited == null; attempt++) {
			EntityExchangeResult<String> result = guessPassword(attacker, victim);
			if (result.getStatus().value() == 429) {
				limited = result;
			}
			else {
				assertThat(result.getStatus().value()).isEqualTo(200);
				passed++;
			}
		}

		assertThat(limited).as("an attempt was rate limited").isNotNull();
		assertThat(passed).as("the burst passed first").isGreaterThanOrEqualTo(20);
		HttpHeaders headers = limited.getResponseHeaders();
		assertThat(headers.getContentType()).hasToString(PROBLEM_JSON);
		assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(headers.getFirst("X-RateLimit-Remaining")).isEqualTo("0");
		assertThat(headers.getFirst("X-RateLimit-Replenish-Rate")).isEqualTo("5");
		assertThat(headers.getFirst("X-RateLimit-Burst-Capacity")).isEqualTo("20");
		assertThat(limited.getResponseBody()).contains("\"status\":429")
			.contains("Too many requests: retry after 1 second(s)");
		// The refused attempt never reached user-service.
		assertThat(userService.received()).filteredOn((request) -> request.body().contains(victim)).hasSize(passed);

		// Another address still gets through: the bucket is per client IP.
		assertThat(guessPassword(uniqueAddress(), victim).getStatus().value()).isEqualTo(200);
	}

	@Test
	void throttlesOneUserWithoutSlowingDownAnother() {
		String busy = TestTokens.user(UUID.randomUUID());
		int passed = 0;
		int status = 200;
		while (status == 200 && passed < 50) {
			status = getOrders(busy).getStatus().value();
			if (status == 200) {
				passed++;
			}
		}

		assertThat(status).isEqualTo(429);
		assertThat(passed).isGreaterThanOrEqualTo(PER_USER_BURST);
		assertThat(getOrders(TestTokens.user(UUID.randomUUID())).getStatus().value()).isEqualTo(200);
	}

	@Test
	void failsOpenAndCountsItWhileRedisIsDown() {
		String user = TestTokens.user(UUID.randomUUID());
		double errorsBefore = rateLimiterErrors();
		int requests = 3 * PER_USER_BURST;
		TestRedis.stop();
		try {
			for (int i = 0; i < requests; i++) {
				EntityExchangeResult<String> result = getOrders(user);
				assertThat(result.getStatus().value()).as("request %d with Redis down", i).isEqualTo(200);
			}
			assertThat(rateLimiterErrors() - errorsBefore).isGreaterThanOrEqualTo(requests);
		}
		finally {
			TestRedis.start();
		}
		// Back to limiting once Lettuce has reconnected: checks stop failing open.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			double errors = rateLimiterErrors();
			getOrders(TestTokens.user(UUID.randomUUID()));
			assertThat(rateLimiterErrors()).isEqualTo(errors);
		});
	}

	@Test
	void answersEveryRefusedRequestOnAConnectionThatStaysOpen() throws IOException {
		String attacker = uniqueAddress();
		List<Integer> statuses = new ArrayList<>();
		// One kept-alive connection, as a client's pool uses, each request sent whole
		// before its answer is read. The gateway refuses the later ones before it reads
		// their bodies: answering and closing then would reset the connection with the
		// body unread, and a client could lose the 429 it was sent.
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			InputStream in = socket.getInputStream();
			for (int attempt = 0; attempt < 30; attempt++) {
				String body = "{\"email\":\"victim@example.com\",\"password\":\"guess-" + attempt + "\"}";
				socket.getOutputStream()
					.write(("POST /api/auth/token HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + attacker
							+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
							+ body)
						.getBytes(StandardCharsets.US_ASCII));
				statuses.add(RawHttp.readResponse(in));
			}
		}

		assertThat(statuses).hasSize(30).contains(429).allMatch((status) -> status == 200 || status == 429);
	}

	private EntityExchangeResult<String> guessPassword(String clientAddress, String email) {
		return this.client.post()
			.uri("/api/auth/token")
			.header("X-Forwarded-For", clientAddress)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"email\":\"" + email + "\",\"password\":\"guess-" + UUID.randomUUID() + "\"}")
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	private EntityExchangeResult<String> getOrders(String token) {
		return this.client.get()
			.uri("/api/orders")
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

	private double rateLimiterErrors() {
		return this.meters.find("platform.gateway.rate.limiter.errors")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	// A new documentation address (RFC 5737) each time, so buckets never collide.
	private static String uniqueAddress() {
		return "192.0.2." + addresses.incrementAndGet();
	}

}
