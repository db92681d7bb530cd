package com.example.platform.order.user;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How order-service reaches user-service.
 *
 * @param baseUrl the service's logical address, resolved through discovery
 * @param connectTimeout how long to wait for a connection to an instance
 * @param readTimeout how long to wait for an answer once connected
 * @param retryAfter what to tell clients to wait when user-service cannot be reached
 * @param clientId order-service's client id at user-service's token endpoint
 * @param clientSecret its secret; never committed, supplied as
 * {@code ORDER_USER_SERVICE_CLIENT_SECRET}
 * @param tokenRefreshMargin how long before its expiry a cached service token is
 * replaced, so that none expires in flight or on a server whose clock is a little ahead
 */
@Validated
@ConfigurationProperties("order.user-service")
record UserServiceProperties(@NotNull URI baseUrl, @NotNull @DurationMin(millis = 1) Duration connectTimeout,
		@NotNull @DurationMin(millis = 1) Duration readTimeout, @NotNull @DurationMin(seconds = 1) Duration retryAfter,
		@NotBlank String clientId, @NotBlank String clientSecret, @NotNull @DurationMin Duration tokenRefreshMargin) {

	// The secret stays out of logs and failure analyses.
	@Override
	public String toString() {
		return "UserServiceProperties[baseUrl=%s, connectTimeout=%s, readTimeout=%s, retryAfter=%s, clientId=%s, tokenRefreshMargin=%s]"
			.formatted(this.baseUrl, this.connectTimeout, this.readTimeout, this.retryAfter, this.clientId,
					this.tokenRefreshMargin);
	}

}
