package com.example.platform.local;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.platform.infra.InfrastructureCredentials;
import com.example.platform.infra.RedisServer;
import com.example.platform.testsupport.ForgedTokens;
import com.example.platform.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The launcher's control endpoint against real servers: tokens verified against a JWKS
 * served over HTTP (as user-service publishes it), a drill that stops and starts a real
 * Redis.
 */
class ControlServerIT {

	private static final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	static Path work;

	static RedisServer redis;

	static ControlServer control;

	@BeforeAll
	static void start() {
		redis = RedisServer.start(work.resolve("redis"), 0, InfrastructureCredentials.random());
		control = ControlServer
			.start(new AdminTokens(List.of(URI.create(TestTokens.jwksServer() + TestTokens.JWKS_PATH)),
					TestTokens.ISSUER, TestTokens.AUDIENCE, null), Map.of("stop-redis", (target) -> {
						redis.stop();
						return "Redis stopped";
					}, "start-redis", (target) -> {
						redis.start();
						return "Redis started";
					}));
	}

	@AfterAll
	static void stop() {
		if (control != null) {
			control.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void listensOnTheLoopbackAddressOnly() {
		assertThat(control.uri().getHost()).isEqualTo("127.0.0.1");
	}

	@Test
	void refusesAnonymousCallersAndForgedTokensWith401() throws Exception {
		for (String authorization : new String[] { null, "Bearer " + ForgedTokens.wrongSignature(UUID.randomUUID()),
				"Bearer " + ForgedTokens.algNone(UUID.randomUUID()), "Bearer " + TestTokens.expired(UUID.randomUUID()),
				"Basic YWRtaW46YWRtaW4=" }) {
			HttpResponse<String> response = post("/drills/stop-redis", authorization);

			assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("\"status\":401");
		}
		assertThat(redisAccepts()).isTrue();
	}

	@Test
	void refusesAUserThatIsNotTheAdministratorWith403() throws Exception {
		HttpResponse<String> response = post("/drills/stop-redis", "Bearer " + TestTokens.user(UUID.randomUUID()));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("Only the administrator may run drills");
		assertThat(redisAccepts()).isTrue();
	}

	@Test
	void runsADrillForTheAdministrator() throws Exception {
		String admin = "Bearer " + TestTokens.admin();
		try {
			HttpResponse<String> stopped = post("/drills/stop-redis", admin);

			assertThat(stopped.statusCode()).isEqualTo(200);
			assertThat(stopped.body())
				.isEqualTo("{\"drill\":\"stop-redis\",\"target\":null,\"done\":\"Redis stopped\"}");
			assertThatExceptionOfType(ConnectException.class).isThrownBy(ControlServerIT::connectToRedis);
		}
		finally {
			HttpResponse<String> started = post("/drills/start-redis", admin);
			assertThat(started.statusCode()).isEqualTo(200);
		}
		assertThat(redisAccepts()).isTrue();
	}

	@Test
	void answersAnUnknownDrillOrMethodWithAProblem() throws Exception {
		String admin = "Bearer " + TestTokens.admin();
		HttpResponse<String> unknown = post("/drills/stop-everything", admin);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("known: [start-redis, stop-redis]");

		HttpResponse<String> get = http.send(HttpRequest.newBuilder(control.uri().resolve("/drills/stop-redis"))
			.header("Authorization", admin)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(get.statusCode()).isEqualTo(405);
		assertThat(get.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(redisAccepts()).isTrue();
	}

	private static HttpResponse<String> post(String path, String authorization)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(control.uri().resolve(path))
			.POST(HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static boolean redisAccepts() throws IOException {
		connectToRedis();
		return true;
	}

	private static void connectToRedis() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(redis.host(), redis.port()), 2000);
		}
	}

}
