package com.example.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds ports nobody listens on, for servers started by tests and the local run.
 * <p>
 * Ports are picked below the kernel's ephemeral range: a port the kernel handed out (bind
 * to port 0) may be given again a moment later as the local end of some outgoing
 * connection, and with dozens of client connections per test that happens often enough to
 * make a server fail to bind. There is still a window between probing a port and the
 * server binding it, but only another process choosing the same random port can use it: a
 * port handed out once is never handed out again by this JVM, because the servers it was
 * picked for bind it later (a local platform picks all its ports before starting
 * anything, and two of its picks landing on the same port failed a start in CI).
 */
public final class FreePorts {

	private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	private static final int LOWEST = 10000;

	private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	private FreePorts() {
	}

	/**
	 * Returns the given port, or a free one when it is {@code 0}.
	 * @param port a port or {@code 0}
	 * @return a usable port
	 */
	public static int orFree(int port) {
		return (port != 0) ? port : next();
	}

	/**
	 * Returns a port that was free a moment ago.
	 * @return the port
	 */
	public static int next() {
		return consecutive(1);
	}

	/**
	 * Returns the first of {@code count} consecutive ports that were all free a moment
	 * ago, for several instances of one service.
	 * @param count how many ports
	 * @return the first port
	 */
	public static int consecutive(int count) {
		int highest = ephemeralStart() - count;
		for (int attempt = 0; attempt < 200; attempt++) {
			int first = ThreadLocalRandom.current().nextInt(LOWEST, highest);
			if (allFree(first, count) && reserve(first, count)) {
				return first;
			}
		}
		throw new IllegalStateException(
				"No " + count + " consecutive free ports between " + LOWEST + " and " + highest);
	}

	private static synchronized boolean reserve(int first, int count) {
		for (int port = first; port < first + count; port++) {
			if (handedOut.contains(port)) {
				return false;
			}
		}
		for (int port = first; port < first + count; port++) {
			handedOut.add(port);
		}
		return true;
	}

	private static boolean allFree(int first, int count) {
		for (int port = first; port < first + count; port++) {
			if (handedOut.contains(port)) {
				return false;
			}
			// The wildcard address: a server on any interface makes the port unusable.
			try (ServerSocket socket = new ServerSocket(port)) {
				socket.setReuseAddress(true);
			}
			catch (IOException ex) {
				return false;
			}
		}
		return true;
	}

	private static int ephemeralStart() {
		try {
			if (Files.isReadable(EPHEMERAL_RANGE)) {
				int start = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
				if (start > LOWEST + 1000) {
					return start;
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Fall back to the usual Linux default below.
		}
		return 32768;
	}

}
