package com.example.platform.gateway.inspector;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Pattern;

/**
 * The response headers that show a request's path through the platform (the shop's
 * request inspector reads them). One switch for every application: the services read the
 * same {@code platform.diagnostic-headers.enabled} for theirs ({@code X-Served-By},
 * {@code X-Read-From}, {@code X-Cache}). The production overlay turns it off, because the
 * headers map the topology for whoever asks.
 *
 * @param enabled whether the gateway adds {@code X-Gateway-Route},
 * {@code X-Gateway-Retries} and {@code X-Trace-Id}
 * @param traceUrl the trace UI's page for one trace, with {@code {traceId}} where the id
 * goes (the local run's Zipkin, compose's Jaeger); when set, a sampled request's answer
 * carries {@code X-Trace-Url} as well. Empty: no trace UI runs.
 */
@Validated
@ConfigurationProperties("platform.diagnostic-headers")
public record DiagnosticHeadersProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("") @Pattern(regexp = "|https?://\\S*\\{traceId\\}\\S*",
				message = "must be an http(s) URL containing {traceId}") String traceUrl) {

}
