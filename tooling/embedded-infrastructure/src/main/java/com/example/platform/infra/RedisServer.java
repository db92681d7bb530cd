package com.example.platform.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process, Redis 7 like compose and Kubernetes run. The
 * binary comes from {@code com.github.lansheng228:embedded-redis} on Maven Central (a
 * statically linked build, so the local run and the tests need nothing but the JDK); that
 * library's own launcher is not used. The server can be stopped and started again on the
 * same port, so outage tests can take the cache away.
 * <p>
 * Nobody gets in without a password: the {@code default} user is off, the applications
 * log in as {@value #APPLICATION_USER} (every key, but no {@code @dangerous} command:
 * {@code CONFIG}, {@code FLUSHALL}, {@code FLUSHDB}, {@code KEYS}, {@code DEBUG},
 * {@code SHUTDOWN}, {@code ACL}... only {@code INFO}, which health checks read, is given
 * back), and {@value #ADMIN_USER} may do everything.
 */
public final class RedisServer implements AutoCloseable {

	/**
	 * The Redis version of the bundled binary; deployment-tests hold compose and
	 * Kubernetes to the same major.
	 */
	public static final String VERSION = "7.0.9";

	/** The user the applications log in as. */
	public static final String APPLICATION_USER = "platform";

	/** The user that may run every command. */
	public static final String ADMIN_USER = "admin";

	/**
	 * What {@value #APPLICATION_USER} may do: every key and channel, every command but
	 * the dangerous ones. Shared with compose and Kubernetes (deployment-tests compare).
	 */
	public static final String APPLICATION_PERMISSIONS = "~* &* +@all -@dangerous +info";

	private static final String BINARY = "redis-server-" + VERSION + "-linux-amd64";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final Path directory;

	private final int port;

	private final InfrastructureCredentials credentials;

	private Process process;

	private RedisServer(Path directory, int port, InfrastructureCredentials credentials) {
		this.directory = directory;
		this.port = port;
		this.credentials = credentials;
	}

	/**
	 * Starts Redis as a cache (no persistence, bounded memory, LRU eviction) on loopback.
	 * @param directory where the binary, the configuration and the log go
	 * @param port the port, or 0 for a free one
	 * @param credentials the passwords of {@value #APPLICATION_USER} and
	 * {@value #ADMIN_USER}
	 * @return the running server
	 */
	public static RedisServer start(Path directory, int port, InfrastructureCredentials credentials) {
		RedisServer redis = new RedisServer(directory, FreePorts.orFree(port), credentials);
		redis.start();
		return redis;
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
	 * The user the applications log in as.
	 * @return {@value #APPLICATION_USER}
	 */
	public String username() {
		return APPLICATION_USER;
	}

	/**
	 * The password of {@link #username()}.
	 * @return the password
	 */
	public String password() {
		return this.credentials.redisPassword();
	}

	/**
	 * Starts Redis again after {@link #stop()}.
	 */
	public synchronized void start() {
		if (this.process != null) {
			return;
		}
		try {
			Files.createDirectories(this.directory);
			Path binary = extractBinary();
			Path config = this.directory.resolve("redis.conf");
			// The file holds the passwords: only the owner reads it.
			Files.deleteIfExists(config);
			Files.createFile(config,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.write(config, List.of("port " + this.port, "bind 127.0.0.1", "dir " + this.directory.toAbsolutePath(),
					// A cache: nothing to persist, and no fork for snapshots on a small
					// machine.
					"save \"\"", "appendonly no", "maxmemory 128mb", "maxmemory-policy allkeys-lru",
					"logfile " + this.directory.resolve("redis.log").toAbsolutePath(), "user default off",
					"user " + ADMIN_USER + " on >" + this.credentials.redisAdminPassword() + " ~* &* +@all",
					"user " + APPLICATION_USER + " on >" + this.credentials.redisPassword() + " "
							+ APPLICATION_PERMISSIONS));
			this.process = new ProcessBuilder(binary.toString(), config.toString()).redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("redis.out").toFile())
				.start();
			awaitListening();
		}
		catch (IOException ex) {
			stop();
			throw new UncheckedIOException(
					"Redis did not start on port " + this.port + " (see " + this.directory.resolve("redis.log") + ")",
					ex);
		}
	}

	/**
	 * Stops Redis; clients see connection failures until {@link #start()}.
	 */
	public synchronized void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		this.process = null;
	}

	@Override
	public void close() {
		stop();
	}

	private Path extractBinary() throws IOException {
		Path binary = this.directory.resolve(BINARY);
		if (!Files.isExecutable(binary)) {
			try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(BINARY)) {
				if (in == null) {
					throw new IOException(BINARY + " is not on the classpath (com.github.lansheng228:embedded-redis)");
				}
				Path partial = Files.createTempFile(this.directory, BINARY, ".partial");
				Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
				partial.toFile().setExecutable(true, true);
				Files.move(partial, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
		}
		return binary;
	}

	private void awaitListening() throws IOException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IOException("redis-server exited with " + this.process.exitValue());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return;
			}
			catch (IOException notYet) {
				try {
					this.process.waitFor(50, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("interrupted while waiting for Redis", ex);
				}
			}
		}
		throw new IOException("redis-server did not listen within " + START_TIMEOUT);
	}

}
