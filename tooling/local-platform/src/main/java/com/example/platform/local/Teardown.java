package com.example.platform.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops what a launcher ({@code ./run-local}, {@code ./benchmark}) started when its JVM
 * is told to stop (SIGTERM, Ctrl-C) rather than finishing: try-with-resources never runs
 * then, so without this the six application JVMs, nginx and a running wrk outlived the
 * benchmark, orphaned, and a {@code ./run-local} stopped while it was still starting left
 * every process it had started so far.
 * <p>
 * Registered resources are closed newest first (nginx before the platform it proxies),
 * then every process still descending from this JVM gets SIGTERM and, after
 * {@link #GRACE}, SIGKILL — a wrk run, or an application started while the platform
 * itself was still starting and not yet registered. Processes that detach themselves
 * (PostgreSQL under {@code pg_ctl}) are stopped by the resource that started them.
 */
public final class Teardown {

	private static final Duration GRACE = Duration.ofSeconds(10);

	private static final Deque<AutoCloseable> open = new ArrayDeque<>();

	private static boolean installed;

	private Teardown() {
	}

	/**
	 * Stops every process descending from this JVM when it is told to stop, also before
	 * any resource is registered (a platform still starting).
	 */
	public static synchronized void install() {
		if (!installed) {
			Runtime.getRuntime().addShutdownHook(new Thread(Teardown::stopEverything, "teardown"));
			installed = true;
		}
	}

	/**
	 * Closes the resource if the JVM stops before the returned registration is closed.
	 * @param resource what to close
	 * @return closes the resource now, once, and forgets it
	 */
	public static Registration closeOnExit(AutoCloseable resource) {
		install();
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
	public static final class Registration implements AutoCloseable {

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
