package com.example.platform.systemtest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import com.example.platform.local.ApiResponse;
import com.example.platform.local.Exchange;

/**
 * A plain HTTP forward proxy that hands every request and answer passing through it to a
 * watcher, so the {@code curl} of the documented examples ({@code http_proxy} pointed
 * here) is checked against the API contract like the system tests' own client. It relays
 * the bytes unchanged, apart from asking the server to close the connection after each
 * answer (one exchange per connection, so an answer ends where the stream does).
 */
final class RecordingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final Consumer<Exchange> watcher;

	private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();

	private RecordingProxy(Consumer<Exchange> watcher) throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.watcher = watcher;
		this.connections.submit(this::accept);
	}

	/**
	 * Starts a proxy on a free loopback port.
	 * @param watcher told of every exchange, after its answer was relayed
	 * @return the running proxy
	 */
	static RecordingProxy start(Consumer<Exchange> watcher) {
		try {
			return new RecordingProxy(watcher);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The environment that sends a shell's {@code curl} through this proxy, localhost
	 * included.
	 * @return the variables to set
	 */
	Map<String, String> environment() {
		String address = "http://127.0.0.1:" + this.server.getLocalPort();
		return Map.of("http_proxy", address, "no_proxy", "", "NO_PROXY", "");
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				this.connections.submit(() -> relay(client));
			}
			catch (IOException ex) {
				// Closed: the proxy is done.
			}
		}
	}

	private void relay(Socket client) {
		try (client) {
			InputStream fromClient = client.getInputStream();
			OutputStream toClient = client.getOutputStream();
			Message request = Message.read(fromClient);
			if (request == null) {
				return;
			}
			String[] line = request.startLine().split(" ", 3);
			URI uri = URI.create(line[1]);
			boolean expectsContinue = request.header("expect").equalsIgnoreCase("100-continue");
			try (Socket upstream = new Socket(uri.getHost(), uri.getPort())) {
				InputStream fromServer = upstream.getInputStream();
				OutputStream toServer = upstream.getOutputStream();
				toServer.write(originForm(line, uri, request, expectsContinue).getBytes(StandardCharsets.ISO_8859_1));
				toServer.flush();
				if (expectsContinue) {
					// The server decides, as it would for the client: it may refuse the
					// body
					// (413) before it is sent, and then it never is.
					Message first = answerWithin(upstream, 1000);
					if (first != null && !first.isInterim()) {
						byte[] answer = concat(first.raw(), readRest(fromServer));
						toClient.write(answer);
						toClient.flush();
						this.watcher.accept(exchange(line[0], uri, request, new byte[0], answer));
						return;
					}
					toClient.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					toClient.flush();
				}
				byte[] requestBody = request.readBody(fromClient);
				try {
					toServer.write(request.frame(requestBody));
					toServer.flush();
				}
				catch (IOException ex) {
					// The server stopped reading (an early answer): that answer is
					// relayed.
				}
				byte[] answer = readRest(fromServer);
				toClient.write(answer);
				toClient.flush();
				this.watcher.accept(exchange(line[0], uri, request, requestBody, answer));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// The request as the server expects it from a client: its path instead of the whole
	// URL, without the proxy's own headers, closing after the answer.
	private static String originForm(String[] line, URI uri, Message request, boolean expectsContinue) {
		StringBuilder head = new StringBuilder();
		String target = uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		head.append(line[0]).append(' ').append(target).append(' ').append(line[2]).append("\r\n");
		for (String header : request.headerLines()) {
			String name = header.substring(0, header.indexOf(':')).trim().toLowerCase(Locale.ROOT);
			if (!List.of("proxy-connection", "connection", "keep-alive", "expect").contains(name)) {
				head.append(header).append("\r\n");
			}
		}
		if (expectsContinue) {
			head.append("Expect: 100-continue\r\n");
		}
		return head.append("Connection: close\r\n\r\n").toString();
	}

	// The server's first answer, or null if it sends none within the time (as curl waits
	// for a 100 Continue before it sends the body anyway).
	private static Message answerWithin(Socket upstream, int millis) throws IOException {
		upstream.setSoTimeout(millis);
		try {
			return Message.read(upstream.getInputStream());
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		finally {
			upstream.setSoTimeout(0);
		}
	}

	// Up to the end of the stream, or to a reset after the server's answer.
	private static byte[] readRest(InputStream in) {
		ByteArrayOutputStream rest = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
				rest.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// Reset: what arrived before it is the answer.
		}
		return rest.toByteArray();
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = new byte[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	private static Exchange exchange(String method, URI uri, Message request, byte[] requestBody, byte[] answer)
			throws IOException {
		InputStream in = new ByteArrayInputStream(answer);
		Message response = Message.read(in);
		// Interim answers (100 Continue) come before the real one.
		while (response != null && response.isInterim()) {
			response = Message.read(in);
		}
		if (response == null) {
			throw new IOException("No answer to " + method + " " + uri);
		}
		int status = Integer.parseInt(response.startLine().split(" ")[1]);
		String body = new String(response.readBody(in), StandardCharsets.UTF_8);
		ApiResponse apiResponse = new ApiResponse(status, body,
				HttpHeaders.of(response.headers(), (name, value) -> true));
		String sent = (requestBody.length > 0) ? new String(requestBody, StandardCharsets.UTF_8) : null;
		return new Exchange(method, uri, request.headers(), sent, apiResponse);
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.connections.shutdownNow();
	}

	/**
	 * The start line and headers of a request or an answer.
	 *
	 * @param startLine the request or status line
	 * @param headerLines the header lines as sent
	 */
	private record Message(String startLine, List<String> headerLines) {

		static Message read(InputStream in) throws IOException {
			String startLine = line(in);
			if (startLine == null || startLine.isEmpty()) {
				return null;
			}
			List<String> headers = new ArrayList<>();
			for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
				headers.add(line);
			}
			return new Message(startLine, headers);
		}

		boolean isInterim() {
			String[] parts = this.startLine.split(" ");
			return parts.length > 1 && parts[1].startsWith("1");
		}

		/** The head as it was sent. */
		byte[] raw() {
			StringBuilder head = new StringBuilder(this.startLine).append("\r\n");
			this.headerLines.forEach((line) -> head.append(line).append("\r\n"));
			return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
		}

		/**
		 * A body read whole, framed again as this head announces it (one chunk if
		 * chunked).
		 */
		byte[] frame(byte[] body) {
			if (!header("transfer-encoding").equalsIgnoreCase("chunked")) {
				return body;
			}
			byte[] size = (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
			byte[] end = ((body.length > 0) ? "\r\n0\r\n\r\n" : "\r\n").getBytes(StandardCharsets.US_ASCII);
			return concat(concat(size, body), end);
		}

		Map<String, List<String>> headers() {
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (String line : this.headerLines) {
				int colon = line.indexOf(':');
				headers.computeIfAbsent(line.substring(0, colon).trim(), (name) -> new ArrayList<>())
					.add(line.substring(colon + 1).trim());
			}
			return headers;
		}

		String header(String name) {
			return this.headerLines.stream()
				.filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("");
		}

		/** The body that follows this head: by its length, its chunks, or to the end. */
		byte[] readBody(InputStream in) throws IOException {
			if (header("transfer-encoding").equalsIgnoreCase("chunked")) {
				ByteArrayOutputStream body = new ByteArrayOutputStream();
				for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
					body.write(in.readNBytes(size));
					line(in);
				}
				for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
					// Trailers carry nothing the contract checks.
				}
				return body.toByteArray();
			}
			String length = header("content-length");
			if (!length.isEmpty()) {
				return in.readNBytes(Integer.parseInt(length));
			}
			// A request without either has no body; an answer runs to the end.
			return this.startLine.startsWith("HTTP/") ? in.readAllBytes() : new byte[0];
		}

		private static int chunkSize(InputStream in) throws IOException {
			String line = line(in);
			return (line == null) ? 0 : Integer.parseInt(line.split(";")[0].trim(), 16);
		}

		private static String line(InputStream in) throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			for (int next = in.read(); next != -1; next = in.read()) {
				if (next == '\n') {
					byte[] bytes = line.toByteArray();
					int end = (bytes.length > 0 && bytes[bytes.length - 1] == '\r') ? bytes.length - 1 : bytes.length;
					return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
				}
				line.write(next);
			}
			return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1) : null;
		}

	}

}
