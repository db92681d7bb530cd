package com.example.platform.idempotency;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is replayed for a repeated request: enough for a client to treat the replay
 * exactly like the original answer.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}, if any
 * @param location the {@code Location} header, if any
 * @param headers the other headers the service names in
 * {@code platform.idempotency.replayed-headers} that the original answer carried
 * @param body the response body
 */
record StoredResponse(int status, String contentType, String location, Map<String, String> headers, byte[] body) {

	StoredResponse {
		headers = (headers != null) ? Map.copyOf(headers) : Map.of();
	}

	/**
	 * The headers as stored: one {@code name: value} per line.
	 * @return the text, or {@code null} without headers
	 */
	String headerLines() {
		if (this.headers.isEmpty()) {
			return null;
		}
		StringBuilder lines = new StringBuilder();
		this.headers.forEach((name, value) -> lines.append(name).append(": ").append(value).append('\n'));
		return lines.toString();
	}

	/**
	 * Reads {@link #headerLines()} back.
	 * @param lines the stored text; may be {@code null}
	 * @return the headers
	 */
	static Map<String, String> parseHeaderLines(String lines) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (lines != null) {
			lines.lines().filter((line) -> line.contains(": ")).forEach((line) -> {
				int colon = line.indexOf(": ");
				headers.put(line.substring(0, colon), line.substring(colon + 2));
			});
		}
		return headers;
	}

}
