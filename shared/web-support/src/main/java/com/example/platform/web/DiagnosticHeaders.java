package com.example.platform.web;

/**
 * The one switch for the response headers that show a request's path through the
 * platform: {@code X-Served-By} (this module), {@code X-Read-From} and
 * {@code X-Read-Consistency} (datasource-routing), {@code X-Cache} (cache-config) and the
 * gateway's {@code X-Gateway-Route}, {@code X-Gateway-Retries} and {@code X-Trace-Id}. On
 * by default, so the shop's request inspector and a learner with curl can watch load
 * balancing, replicas and the cache; the production overlay turns it off, because the
 * headers map the topology for whoever asks.
 */
public final class DiagnosticHeaders {

	/**
	 * The property: {@code true} (the default) or {@code false}.
	 */
	public static final String ENABLED = "platform.diagnostic-headers.enabled";

	private DiagnosticHeaders() {
	}

}
