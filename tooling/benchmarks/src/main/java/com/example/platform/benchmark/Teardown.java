package com.example.platform.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops what the benchmark started when its JVM is told to stop (SIGTERM, Ctrl-C) rather
 * than finishing: try-with-resources never runs then, so without this the six application
 * JVMs, nginx and a running wrk outlived the benchmark, orphaned.
 * <p>
 * Registered resources are closed newest first (nginx before the platform it proxies),
 * then every process still descending from this JVM gets SIGTERM and, after
 * {@link #GRACE}, SIGKILL — a wrk run, or an application started while the platform
 * itself was still starting and not yet registered. Processes that detach themselves
 * (PostgreSQL under {@code pg_ctl}) are stopped by the resource that started them.
 */
final class Teardown {

	static final Duration GRACE = Duration.ofSeconds(10);

	private static final Deque<AutoCloseable> open = new ArrayDeque<>();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(Teardown::stopEverything, "benchmark-teardown"));
	}

	private Teardown() {
	}

	/**
	 * Closes the resource if the JVM stops before the returned registration is closed.
	 * @param resource what to close
	 * @return closes the resource now, once, and forgets it
	 */
	static Registration closeOnExit(AutoCloseable resource) {
		synchronized (open) {
			open.push(resource);
		}
		return new Registration(resource);
	}

	private static void stopEverything() {
		List<AutoCloseable> remaining;
		synchronized (open) {
			remaining = List.copyOf(open);
			open.clear();
		}
		for (AutoCloseable resource : remaining) {
			closeQuietly(resource);
		}
		List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
		children.forEach(ProcessHandle::destroy);
		Instant deadline = Instant.now().plus(GRACE);
		for (ProcessHandle child : children) {
			try {
				child.onExit()
					.get(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
			}
			catch (Exception ex) {
				child.destroyForcibly();
			}
		}
	}

	private static void closeQuietly(AutoCloseable resource) {
		try {
			resource.close();
		}
		catch (Exception ex) {
			// Stopping as much as possible matters more here than the first failure.
			System.err.println("Could not stop " + resource + ": " + ex.getMessage());
		}
	}

	/** Closing it closes the resource and takes it off the list. */
	static final class Registration implements AutoCloseable {

		private final AutoCloseable resource;

		private Registration(AutoCloseable resource) {
			this.resource = resource;
		}

		@Override
		public void close() {
			boolean stillOpen;
			synchronized (open) {
				stillOpen = open.remove(this.resource);
			}
			if (!stillOpen) {
				return;
			}
			try {
				this.resource.close();
			}
			catch (RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not stop " + this.resource, ex);
			}
		}

	}

}
