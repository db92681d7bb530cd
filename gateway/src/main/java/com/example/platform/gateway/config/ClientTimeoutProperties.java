package com.example.platform.gateway.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the gateway waits for a slow client, so that trickling a request cannot hold a
 * connection (and its buffers) for as long as the client likes.
 *
 * @param idle how long a connection may wait for its next request, headers included
 * @param read how long a request may wait for its next bytes while it is read
 * @param request how long reading a whole request may take, however steadily it trickles
 */
@Validated
@ConfigurationProperties("platform.gateway.client-timeouts")
public record ClientTimeoutProperties(@DefaultValue("10s") @NotNull Duration idle,
		@DefaultValue("10s") @NotNull Duration read, @DefaultValue("30s") @NotNull Duration request) {

}
