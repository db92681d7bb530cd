package com.example.platform.gateway;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads HTTP/1.1 responses off a raw socket, one after the other on one connection: what
 * a kept-alive client sees, including a connection that ends before an answer.
 */
final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Reads one whole response (its body by Content-Length or chunked).
	 * @param in the connection's input
	 * @return the status code
	 * @throws EOFException if the connection ended before a whole response
	 * @throws IOException if it was reset
	 */
	static int readResponse(InputStream in) throws IOException {
		String statusLine = line(in);
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		long length = 0;
		boolean chunked = false;
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring("content-length:".length()).strip());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
		}
		if (chunked) {
			for (long size = Long.parseLong(line(in).split(";")[0].strip(), 16); size > 0; size = Long
				.parseLong(line(in).split(";")[0].strip(), 16)) {
				skip(in, size);
				line(in);
			}
			line(in);
		}
		else {
			skip(in, length);
		}
		return status;
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int next = in.read(); next != '\n'; next = in.read()) {
			if (next < 0) {
				throw new EOFException("The connection ended before a whole response");
			}
			if (next != '\r') {
				line.write(next);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	private static void skip(InputStream in, long bytes) throws IOException {
		if (in.readNBytes((int) bytes).length < bytes) {
			throw new EOFException("The connection ended inside a response body");
		}
	}

}
