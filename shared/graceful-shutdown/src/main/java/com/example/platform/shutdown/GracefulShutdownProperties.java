package com.example.platform.shutdown;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How an instance leaves before it stops.
 *
 * @param enabled whether to deregister and wait before the web server's graceful shutdown
 * @param deregistrationDelay how long the instance keeps serving after leaving discovery,
 * so every caller has dropped it before it stops accepting requests: the callers'
 * registry fetch interval (2 s) plus their load-balancer cache TTL (2 s) plus a margin
 * for the status change to reach the registry (1 s)
 */
@Validated
@ConfigurationProperties("platform.shutdown")
public record GracefulShutdownProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("5s") @NotNull Duration deregistrationDelay) {

	@AssertTrue(message = "deregistration-delay must not be negative")
	boolean isDelayNotNegative() {
		return this.deregistrationDelay == null || !this.deregistrationDelay.isNegative();
	}

}
