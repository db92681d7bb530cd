package com.example.platform.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import com.example.platform.infra.DebianPackages;
import redis.embedded.RedisServer;

/**
 * A real redis-server for the rate limiters, started once per test JVM on a free port.
 * The gateway needs Redis only, so the tests skip the shared PostgreSQL and Kafka that
 * test-support's infrastructure would start as well. Can be stopped and started again on
 * the same port for outage tests.
 */
final class TestRedis {

	private static final int PORT = freePort();

	private static final RedisServer SERVER = build();

	private static boolean running;

	static {
		start();
		Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::stop, "test-redis-shutdown"));
	}

	private TestRedis() {
	}

	static int port() {
		return PORT;
	}

	static synchronized void start() {
		if (!running) {
			try {
				SERVER.start();
				running = true;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	static synchronized void stop() {
		if (running) {
			try {
				SERVER.stop();
				running = false;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static RedisServer build() {
		try {
			Path directory = Files.createTempDirectory("gateway-test-redis-");
			// The prebuilt redis-server links OpenSSL 3.
			DebianPackages.requireLibrary("libssl.so.3", "libssl3");
			return RedisServer.newRedisServer()
				.port(PORT)
				.bind("127.0.0.1")
				.setting("dir " + directory.toAbsolutePath())
				// Token buckets only: nothing to persist.
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
