package com.example.platform.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import com.example.platform.infra.InfrastructureCredentials;
import com.example.platform.infra.RedisServer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real redis-server for the rate limiters, started once per test JVM on a free port.
 * The gateway needs Redis only, so the tests skip the shared PostgreSQL and Kafka that
 * test-support's infrastructure would start as well. Can be stopped and started again on
 * the same port for outage tests. Like everywhere, it needs a user and password.
 */
final class TestRedis {

	private static final RedisServer SERVER = startServer();

	private TestRedis() {
	}

	static int port() {
		return SERVER.port();
	}

	static String username() {
		return SERVER.username();
	}

	static String password() {
		return SERVER.password();
	}

	/** Points the gateway's rate limiters at this server, with its credentials. */
	static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", TestRedis::port);
		registry.add("spring.data.redis.username", TestRedis::username);
		registry.add("spring.data.redis.password", TestRedis::password);
	}

	static void start() {
		SERVER.start();
	}

	static void stop() {
		SERVER.stop();
	}

	private static RedisServer startServer() {
		try {
			RedisServer server = RedisServer.start(Files.createTempDirectory("gateway-test-redis-"), 0,
					InfrastructureCredentials.random());
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-redis-shutdown"));
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
