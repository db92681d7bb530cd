package com.example.platform.datasource;

import jakarta.servlet.http.HttpServletResponse;

/**
 * What the current request asked for: {@code Consistency: strong} (the primary), a
 * consistency token (a replica that has replayed it, else the primary) or neither (any
 * healthy replica). A write in the request raises the token, so a later read in the same
 * request sees it, and tells the client the new token.
 */
final class RequestConsistency {

	static final String TOKEN_HEADER = "X-Consistency-Token";

	static final String CONSISTENCY_HEADER = "Consistency";

	static final String READ_FROM_HEADER = "X-Read-From";

	static final String READ_CONSISTENCY_HEADER = "X-Read-Consistency";

	private static final ThreadLocal<RequestConsistency> current = new ThreadLocal<>();

	private final boolean strong;

	private final HttpServletResponse response;

	private Lsn required;

	private boolean reportReads;

	private RequestConsistency(boolean strong, Lsn required, HttpServletResponse response) {
		this.strong = strong;
		this.required = required;
		this.response = response;
	}

	/**
	 * Reads the request's headers. A token that cannot be parsed cannot be honoured on a
	 * replica, so it makes the request strong rather than silently eventual.
	 */
	static RequestConsistency of(String consistency, String token, HttpServletResponse response) {
		if ("strong".equalsIgnoreCase(consistency)) {
			return new RequestConsistency(true, null, response);
		}
		if (token == null || token.isBlank() || "eventual".equalsIgnoreCase(consistency)) {
			return new RequestConsistency(false, null, response);
		}
		try {
			return new RequestConsistency(false, Lsn.parse(token.trim()), response);
		}
		catch (IllegalArgumentException ex) {
			return new RequestConsistency(true, null, response);
		}
	}

	/**
	 * Makes each read-only connection name its source in the answer ({@code X-Read-From}:
	 * the replica's name or {@code primary}, and {@code X-Read-Consistency}: the mode it
	 * was chosen for).
	 * @return this request
	 */
	RequestConsistency reportingReads() {
		this.reportReads = true;
		return this;
	}

	static RequestConsistency current() {
		return current.get();
	}

	static void open(RequestConsistency consistency) {
		current.set(consistency);
	}

	static void close() {
		current.remove();
	}

	boolean strong() {
		return this.strong;
	}

	synchronized Lsn required() {
		return this.required;
	}

	String mode() {
		return this.strong ? "strong" : (required() != null) ? "read-your-writes" : "eventual";
	}

	// The last read of the request wins: it is the one closest to what the answer shows.
	synchronized void readFrom(String source, String mode) {
		if (this.reportReads && this.response != null && !this.response.isCommitted()) {
			this.response.setHeader(READ_FROM_HEADER, source);
			this.response.setHeader(READ_CONSISTENCY_HEADER, mode);
		}
	}

	synchronized void wrote(Lsn position) {
		if (this.required == null || position.isAtLeast(this.required)) {
			this.required = position;
		}
		if (this.response != null && !this.response.isCommitted()) {
			this.response.setHeader(TOKEN_HEADER, this.required.toString());
		}
	}

}
