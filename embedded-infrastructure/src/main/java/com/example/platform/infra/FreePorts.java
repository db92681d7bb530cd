package com.example.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds ports nobody listens on. There is a window between closing the probe socket and
 * the server binding the port; on a developer machine or CI host that is an acceptable
 * risk and far better than fixed ports that collide between parallel builds.
 */
public final class FreePorts {

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
	 * Returns a port that was free on the loopback interface a moment ago.
	 * @return the port
	 */
	public static int next() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on the loopback interface", ex);
		}
	}

}
