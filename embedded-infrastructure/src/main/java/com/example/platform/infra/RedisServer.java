package com.example.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real {@code redis-server} process, from the binary that
 * {@code com.github.codemonstur:embedded-redis} ships on Maven Central. It can be stopped
 * and started again on the same port, so outage tests can take the cache away.
 */
public final class RedisServer implements AutoCloseable {

	private final redis.embedded.RedisServer server;

	private final int port;

	private boolean running;

	private RedisServer(redis.embedded.RedisServer server, int port) {
		this.server = server;
		this.port = port;
	}

	static RedisServer start(Path directory, int port) {
		int chosen = FreePorts.orFree(port);
		try {
			Files.createDirectories(directory);
			// The prebuilt redis-server links OpenSSL 3.
			DebianPackages.requireLibrary("libssl.so.3", "libssl3");
			redis.embedded.RedisServer server = redis.embedded.RedisServer.newRedisServer()
				.port(chosen)
				.bind("127.0.0.1")
				.setting("dir " + directory.toAbsolutePath())
				// A cache: nothing to persist, and no fork for snapshots on a small
				// machine.
				.setting("save \"\"")
				.setting("appendonly no")
				.setting("maxmemory 128mb")
				.setting("maxmemory-policy allkeys-lru")
				.build();
			RedisServer redis = new RedisServer(server, chosen);
			redis.start();
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis did not start on port " + chosen, ex);
		}
	}

	/**
	 * The host Redis listens on.
	 * @return the host
	 */
	public String host() {
		return "localhost";
	}

	/**
	 * The port Redis listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Starts Redis again after {@link #stop()}.
	 */
	public synchronized void start() {
		if (this.running) {
			return;
		}
		try {
			this.server.start();
			this.running = true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis did not start on port " + this.port, ex);
		}
	}

	/**
	 * Stops Redis; clients see connection failures until {@link #start()}.
	 */
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		try {
			this.server.stop();
			this.running = false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis did not stop", ex);
		}
	}

	@Override
	public void close() {
		stop();
	}

}
