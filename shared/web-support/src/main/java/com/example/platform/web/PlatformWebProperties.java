package com.example.platform.web;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings shared by every servlet service of the platform.
 *
 * @param databaseRetryAfter the {@code Retry-After} of the 503 a request gets while the
 * database is unreachable: about how long a primary takes to come back
 * @param maxRequestSize the largest request body accepted; larger ones get a 413 before
 * they are read, so nobody can make a service buffer or parse megabytes
 * @param headerReadTimeout how long Tomcat waits for the next bytes of a request line and
 * headers (and for a next request on a kept-alive connection) before it closes the
 * connection: a client trickling headers cannot hold a connection and its memory
 * @param bodyReadTimeout how long Tomcat waits for the next bytes of a request body; a
 * client that announces a body and sends it slowly or not at all is cut off
 */
@Validated
@ConfigurationProperties("platform.web")
public record PlatformWebProperties(@DefaultValue("2s") @NotNull Duration databaseRetryAfter,
		@DefaultValue("64KB") @NotNull DataSize maxRequestSize,
		@DefaultValue("10s") @NotNull Duration headerReadTimeout,
		@DefaultValue("10s") @NotNull Duration bodyReadTimeout) {

}
