package com.example.platform.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Talks to a Redis server in its inline protocol over one plain connection, the way the
 * tests show what each Redis user may do: a client library would hide the server's
 * refusals ({@code -NOAUTH}, {@code -WRONGPASS}, {@code -NOPERM}) behind exceptions of
 * its own. Used against {@link RedisServer} and against compose's and Kubernetes' start
 * script, which must grant the same rights.
 */
public final class RedisInline {

	/**
	 * One command of each kind {@value RedisServer#APPLICATION_USER} must be refused
	 * ({@link RedisServer#APPLICATION_PERMISSIONS}): reading the configuration, wiping
	 * the data, blocking the server on every key, stopping it, reading the users.
	 */
	public static final List<String> DANGEROUS_COMMANDS = List.of("CONFIG GET maxmemory", "FLUSHALL", "FLUSHDB",
			"KEYS *", "SHUTDOWN", "ACL LIST");

	private RedisInline() {
	}

	/**
	 * Sends inline commands on one connection and reads the replies: one line each, two
	 * for a bulk string (what GET and INFO answer), the elements' values for an array.
	 * @param host the server's host
	 * @param port its port
	 * @param commands e.g. {@code AUTH platform secret}, then {@code PING}
	 * @return the reply lines, in order
	 * @throws IOException when the server cannot be reached or stops answering for 5 s
	 */
	public static List<String> exchange(String host, int port, String... commands) throws IOException {
		try (Socket socket = new Socket(host, port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			List<String> replies = new ArrayList<>();
			for (String command : commands) {
				out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
				out.flush();
				String reply = in.readLine();
				replies.add(reply);
				if (reply.startsWith("$") && !reply.equals("$-1")) {
					replies.add(in.readLine());
				}
				else if (reply.startsWith("*")) {
					int elements = Integer.parseInt(reply.substring(1));
					for (int i = 0; i < elements; i++) {
						in.readLine();
						replies.add(in.readLine());
					}
				}
			}
			return replies;
		}
	}

}
