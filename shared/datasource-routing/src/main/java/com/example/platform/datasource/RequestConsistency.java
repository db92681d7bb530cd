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

	private static final ThreadLocal<RequestConsistency> current = new ThreadLocal<>();

	private final boolean strong;

	private final HttpServletResponse response;

	private Lsn required;

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

	synchronized void wrote(Lsn position) {
		if (this.required == null || position.isAtLeast(this.required)) {
			this.required = position;
		}
		if (this.response != null && !this.response.isCommitted()) {
			this.response.setHeader(TOKEN_HEADER, this.required.toString());
		}
	}

}
